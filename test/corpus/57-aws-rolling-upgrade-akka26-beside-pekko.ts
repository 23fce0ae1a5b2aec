/**
 * family: one cluster, one build
 * expect: reject controllers-same-build
 * Team "gannet" is halfway through an upgrade from 2.0.0 (Akka 2.6) to master (Pekko): two controllers
 * still run openwhisk/controller:2.0.0 with akka.* keys, the third already runs 1fae641 with pekko.* keys,
 * all seeded with the same three addresses. Each node is right for its own build, but an Akka 2.6 node and
 * a Pekko node speak different remoting protocols (`akka://` vs `pekko://`) and never form one cluster.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("gannet", { cidrBlock: "10.103.0.0/16" });
const subnet = new aws.ec2.Subnet("gannet-1", { vpcId: vpc.id, cidrBlock: "10.103.1.0/24" });
const sg = new aws.ec2.SecurityGroup("gannet", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.103.1.10", "10.103.1.11", "10.103.1.12"];
const common = [
  "KAFKA_HOSTS=10.103.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.103.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=gannet", "CONFIG_whisk_couchdb_password=gannet-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=gannet_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=gannet_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=gannet_a",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
const akka26 = (ip: string) => [
  ...common, "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
  "CONFIG_akka_actor_provider=cluster", `CONFIG_akka_remote_artery_canonical_hostname=${ip}`,
  "CONFIG_akka_remote_artery_canonical_port=2551", "CONFIG_akka_remote_artery_bind_port=2551",
  ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${s}:2551`),
  "CONFIG_akka_cluster_downingProviderClass=akka.cluster.sbr.SplitBrainResolverProvider",
];
const pekko = (ip: string) => [
  ...common, "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "CONFIG_pekko_actor_provider=cluster", `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
  "CONFIG_pekko_remote_artery_canonical_port=2551", "CONFIG_pekko_remote_artery_bind_port=2551",
  ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
ips.forEach((ip, i) => {
  const upgraded = i === 2;
  const env = upgraded ? pekko(ip) : akka26(ip);
  const image = upgraded ? "openwhisk/controller:1fae641" : "openwhisk/controller:2.0.0";
  const eni = new aws.ec2.NetworkInterface(`gannet-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`gannet-${i}`, {
    ami: "ami-0dddddddddddddddd",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/gannet/controller.env", "    content: |", ...env.map((l) => `      ${l}`),
      "runcmd:", `  - docker run -d --network host --env-file /etc/gannet/controller.env ${image} /init.sh ${i}`].join("\n"),
    tags: { Name: `gannet-${i}` },
  });
});
