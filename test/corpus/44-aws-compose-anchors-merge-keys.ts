/**
 * family: compose anchors and merge keys
 * expect: pass
 * Team "vanta" (master) keeps the shared settings under an anchor in its compose file and merges them into
 * the service with `<<: *common`, overriding one key beside the merge, as docker compose reads it.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("vanta", { cidrBlock: "10.94.0.0/16" });
const sub = new aws.ec2.Subnet("vanta-a", { vpcId: vpc.id, cidrBlock: "10.94.2.0/24" });
const sg = new aws.ec2.SecurityGroup("vanta", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.94.2.10", "10.94.2.11", "10.94.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.94.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.94.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "vanta"], ["CONFIG_whisk_couchdb_password", "vanta-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "vanta_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "vanta_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "vanta_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
function userData(i: number, ip: string): string {
  const compose = [
    "x-common: &common",
    ...common.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    "  CONFIG_whisk_info_buildNo: placeholder",
    "services:",
    "  controller:",
    "    image: openwhisk/controller:1fae641",
    `    command: /init.sh ${i}`,
    "    environment:",
    "      <<: *common",
    `      CONFIG_pekko_remote_artery_canonical_hostname: "${ip}"`,
    "      CONFIG_whisk_info_buildNo: \"1fae641\"",
    "      CONFIG_whisk_info_date: \"2026-08-05\"",
  ].join("\n");
  return `#cloud-config\nwrite_files:\n  - path: /opt/vanta/docker-compose.yml\n    content: |\n${indent(compose, "      ")}\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`vanta-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`vanta-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `vanta-${i}` },
  });
});
