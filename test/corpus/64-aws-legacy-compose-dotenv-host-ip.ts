/**
 * family: values filled in at boot
 * expect: pass
 * Team "murre" still runs the October 2017 build, from a compose file whose values come from variables
 * (compose-spec interpolation): the build date, Kafka and CouchDB hosts from the `.env` file written beside
 * it, the image tag with a default (`${TAG:-2017-10-17}`), and the advertised host from `${HOST_IP}`, which
 * the boot script exports from the instance metadata before `docker compose up`. An nginx service runs
 * beside the controller. Every key the build needs is set; the address is known only on the host.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("murre", { cidrBlock: "10.108.0.0/16" });
const subnet = new aws.ec2.Subnet("murre-1", { vpcId: vpc.id, cidrBlock: "10.108.1.0/24" });
const sg = new aws.ec2.SecurityGroup("murre", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.108.1.10", "10.108.1.11", "10.108.1.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
const dotEnv = ["BUILD_DATE=2017-10-17", "KAFKA=10.108.1.5", "COUCH=10.108.1.5", "DB_PASS=murre-pw"].join("\n");
const compose = (i: number) => [
  "services:",
  "  nginx:",
  "    image: nginx:1.27",
  '    ports: ["443:443"]',
  "  controller:",
  "    image: openwhisk/controller:${TAG:-2017-10-17}",
  `    command: ["/bin/sh", "-c", "exec /controller/bin/controller ${i}"]`,
  "    network_mode: host",
  "    environment:",
  "      - PORT=8080",
  "      - WHISK_VERSION_DATE=${BUILD_DATE}",
  "      - WHISK_VERSION_BUILDNO=latest",
  "      - KAFKA_HOST=${KAFKA}",
  "      - KAFKA_HOST_PORT=9092",
  "      - DB_PROVIDER=CouchDB",
  "      - DB_PROTOCOL=http",
  "      - DB_HOST=${COUCH}",
  "      - DB_PORT=5984",
  "      - DB_USERNAME=murre",
  "      - DB_PASSWORD=${DB_PASS}",
  "      - DB_WHISK_ACTIONS=murre_whisks",
  "      - DB_WHISK_AUTHS=murre_subjects",
  "      - DB_WHISK_ACTIVATIONS=murre_activations",
  "      - LIMITS_ACTIONS_INVOKES_PERMINUTE=60",
  "      - LIMITS_ACTIONS_INVOKES_CONCURRENT=30",
  "      - LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM=5000",
  "      - LIMITS_TRIGGERS_FIRES_PERMINUTE=60",
  "      - LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "      - CONTROLLER_BLACKBOXFRACTION=0.10",
  "      - LOADBALANCER_INVOKERBUSYTHRESHOLD=16",
  "      - CONTROLLER_LOCALBOOKKEEPING=false",
  "      - 'RUNTIMES_MANIFEST={\"runtimes\":{}}'",
  "      - AKKA_ACTOR_PROVIDER=cluster",
  `      - AKKA_CLUSTER_SEED_NODES=${ips.map((ip) => `${ip}:2551`).join(" ")}`,
  "      - AKKA_CLUSTER_HOST=${HOST_IP}",
  "      - AKKA_CLUSTER_PORT=2551",
  "      - AKKA_CLUSTER_BIND_PORT=2551",
  "      - AUTO_DOWN_UNREACHABLE_AFTER=10s",
  `      - CONTROLLER_INSTANCES=${ips.length}`,
].join("\n");
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`murre-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`murre-${i}`, {
    ami: "ami-0cccccccccccccccc",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: [
      "#cloud-config",
      "write_files:",
      "  - path: /opt/murre/docker-compose.yml",
      "    content: |",
      indent(compose(i), "      "),
      "  - path: /opt/murre/.env",
      "    content: |",
      indent(dotEnv, "      "),
      "runcmd:",
      "  - cd /opt/murre && HOST_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4) docker compose up -d",
    ].join("\n"),
    tags: { Name: `murre-${i}` },
  });
});
