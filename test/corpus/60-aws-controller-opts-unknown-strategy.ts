/**
 * family: split-brain resolver settings
 * expect: reject split-brain-resolver-valid
 * Team "tern" (2.0.0, Akka 2.6) passes its downing settings to `docker run` as one double-quoted
 * CONTROLLER_OPTS word (`--env CONTROLLER_OPTS="-Da=1 -Db=2"`, split by the start script's `eval set --`:
 * core/controller/init.sh at 2.0.0 execs the Gradle start script), and misspells the strategy:
 * `keep-majorty` is no strategy the resolver knows, so the controller stops at startup.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("tern", { cidrBlock: "10.105.0.0/16" });
const subnet = new aws.ec2.Subnet("tern-1", { vpcId: vpc.id, cidrBlock: "10.105.1.0/24" });
const sg = new aws.ec2.SecurityGroup("tern", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.105.1.10", "10.105.1.11", "10.105.1.12"];
const env = (ip: string) => [
  "KAFKA_HOSTS=10.105.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.105.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=tern", "CONFIG_whisk_couchdb_password=tern-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=tern_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=tern_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=tern_a",
  "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_akka_actor_provider=cluster", `CONFIG_akka_remote_artery_canonical_hostname=${ip}`,
  "CONFIG_akka_remote_artery_canonical_port=2551", "CONFIG_akka_remote_artery_bind_port=2551",
  ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${s}:2551`),
];
const script = (i: number, ip: string) => [
  "#!/bin/sh",
  "set -e",
  "docker run -d --name controller --network host \\",
  ...env(ip).map((e) => `  -e '${e}' \\`),
  '  --env CONTROLLER_OPTS="-Dakka.cluster.downing-provider-class=akka.cluster.sbr.SplitBrainResolverProvider -Dakka.cluster.split-brain-resolver.active-strategy=keep-majorty" \\',
  `  openwhisk/controller:2.0.0 /init.sh ${i}`,
].join("\n");
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`tern-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`tern-${i}`, {
    ami: "ami-0ffffffffffffffff",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: script(i, ip),
    tags: { Name: `tern-${i}` },
  });
});
