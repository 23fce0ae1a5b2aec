/**
 * family: instance identity
 * expect: reject controller-identity-unique
 * Team "echo" (1.0.0, Akka 2.5) copied one host's launch line to the other: both run /init.sh 0.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("echo", { cidrBlock: "10.44.0.0/16" });
const sn = new aws.ec2.Subnet("echo-sn", { vpcId: vpc.id, cidrBlock: "10.44.0.0/24" });
const group = new aws.ec2.SecurityGroup("echo-sg", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const addrs = ["10.44.0.10", "10.44.0.11"];

for (let i = 0; i < 2; i++) {
  const eni = new aws.ec2.NetworkInterface(`echo-eni-${i}`, { subnetId: sn.id, privateIps: [addrs[i]], securityGroups: [group.id] });
  const flags = [
    "CONFIG_akka_actor_provider=cluster",
    `CONFIG_akka_remote_netty_tcp_hostname=${addrs[i]}`,
    "CONFIG_akka_remote_netty_tcp_port=2551",
    "CONFIG_akka_remote_netty_tcp_bindPort=2551",
    ...addrs.map((a, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${a}:2551`),
    "CONFIG_akka_cluster_autoDownUnreachableAfter=30s",
    "KAFKA_HOSTS=10.44.0.5:9092",
    'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.44.0.5", "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=echo", "CONFIG_whisk_couchdb_password=echo-pw",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=e_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=e_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=e_activations",
    "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2020-10-30",
    "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  ];
  new aws.ec2.Instance(`echo-controller-${i}`, {
    ami: "ami-0123abcd0123abcd0",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#!/bin/sh\ndocker run -d ${flags.map((f) => `-e '${f}'`).join(" ")} -p 2551:2551 openwhisk/controller:1.0.0 /init.sh 0\n`,
    tags: { Name: `echo-controller-${i}` },
  });
}
