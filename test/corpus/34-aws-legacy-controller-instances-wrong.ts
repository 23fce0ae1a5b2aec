/**
 * family: builds
 * expect: reject controller-instance-count
 * Team "heron" (Oct 2017 build) added a third controller but left CONTROLLER_INSTANCES at 2.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("heron", { cidrBlock: "10.24.0.0/16" });
const subnet = new aws.ec2.Subnet("heron-1", { vpcId: vpc.id, cidrBlock: "10.24.1.0/24" });
const sg = new aws.ec2.SecurityGroup("heron", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.24.1.10", "10.24.1.11", "10.24.1.12"];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`heron-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = [
  "PORT=8080", "WHISK_VERSION_DATE=2017-10-17", "WHISK_VERSION_BUILDNO=latest",
  "KAFKA_HOST=kafka", "KAFKA_HOST_PORT=9092",
  "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=couchdb", "DB_PORT=5984", "DB_USERNAME=heron", "DB_PASSWORD=heron-pw",
  "DB_WHISK_ACTIONS=heron_whisks", "DB_WHISK_AUTHS=heron_subjects", "DB_WHISK_ACTIVATIONS=heron_activations",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM=5000",
  "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONTROLLER_BLACKBOXFRACTION=0.10", "LOADBALANCER_INVOKERBUSYTHRESHOLD=16", "CONTROLLER_LOCALBOOKKEEPING=false",
  'RUNTIMES_MANIFEST={"runtimes":{}}',
    "AKKA_ACTOR_PROVIDER=cluster",
    `AKKA_CLUSTER_HOST=${ip}`,
    "AKKA_CLUSTER_PORT=2551",
    "AKKA_CLUSTER_BIND_PORT=2551",
    `AKKA_CLUSTER_SEED_NODES=${ips.join(":2551 ")}:2551`,
    "AUTO_DOWN_UNREACHABLE_AFTER=10s",
    "CONTROLLER_INSTANCES=2",
  ];
  new aws.ec2.Instance(`heron-${i}`, {
    ami: "ami-0aaaaaaaaaaaaaaab",
    instanceType: "m4.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/heron.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/heron.env -p 2551:2551 openwhisk/controller:2017-10-17 /bin/sh -c 'export CONTAINER_IP=$(hostname -i); exec /controller/bin/controller ${i}'`].join("\n"),
    tags: { Name: `heron-${i}` },
  });
});
