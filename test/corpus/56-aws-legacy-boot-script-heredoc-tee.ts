/**
 * family: values filled in at boot
 * expect: pass
 * Team "flint" still runs the October 2017 build (AKKA_* names, WhiskConfig env names) on EC2. Its user
 * data is a plain shell script: a quoted heredoc piped through `tee` writes the fixed settings, `printf`
 * appends the instance's own address, `echo >>` appends the build date computed at boot and the DB
 * password read from SSM, then `docker run --env-file` starts the controller. Every key the build needs
 * at startup is written, some with values only known on the host.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("flint", { cidrBlock: "10.102.0.0/16" });
const subnet = new aws.ec2.Subnet("flint-1", { vpcId: vpc.id, cidrBlock: "10.102.1.0/24" });
const sg = new aws.ec2.SecurityGroup("flint", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.102.1.10", "10.102.1.11", "10.102.1.12"];
const fixed = [
  "PORT=8080", "WHISK_VERSION_BUILDNO=latest",
  "KAFKA_HOST=10.102.1.5", "KAFKA_HOST_PORT=9092",
  "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=10.102.1.5", "DB_PORT=5984", "DB_USERNAME=flint",
  "DB_WHISK_ACTIONS=flint_whisks", "DB_WHISK_AUTHS=flint_subjects", "DB_WHISK_ACTIVATIONS=flint_activations",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM=5000",
  "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONTROLLER_BLACKBOXFRACTION=0.10", "LOADBALANCER_INVOKERBUSYTHRESHOLD=16", "CONTROLLER_LOCALBOOKKEEPING=false",
  "RUNTIMES_MANIFEST={\"runtimes\":{}}",
  "AKKA_ACTOR_PROVIDER=cluster",
  `AKKA_CLUSTER_SEED_NODES=${ips.map((ip) => `${ip}:2551`).join(" ")}`,
  "AKKA_CLUSTER_PORT=2551",
  "AKKA_CLUSTER_BIND_PORT=2551",
  "AUTO_DOWN_UNREACHABLE_AFTER=10s",
  `CONTROLLER_INSTANCES=${ips.length}`,
];
const script = (i: number, ip: string) => [
  "#!/bin/bash",
  "set -euo pipefail",
  "mkdir -p /etc/flint",
  "cat <<'EOF' | tee /etc/flint/controller.env >/dev/null",
  ...fixed,
  "EOF",
  `printf 'AKKA_CLUSTER_HOST=%s\\n' '${ip}' >> /etc/flint/controller.env`,
  'echo "WHISK_VERSION_DATE=$(date -u +%Y-%m-%d)" >> /etc/flint/controller.env',
  'echo "DB_PASSWORD=$(aws ssm get-parameter --with-decryption --name /flint/db-password --query Parameter.Value --output text)" >> /etc/flint/controller.env',
  `docker run -d --name controller${i} --network host --env-file /etc/flint/controller.env openwhisk/controller:2017-10-17 /bin/sh -c "exec /controller/bin/controller ${i}"`,
].join("\n");

ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`flint-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`flint-controller${i}`, {
    ami: "ami-0cccccccccccccccc",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: script(i, ip),
    tags: { Name: `flint-controller${i}` },
  });
});
