/**
 * family: shell words
 * expect: pass
 * Team "umbra" (master) writes a systemd unit whose Environment= lines carry several quoted assignments
 * each (`Environment="A=1" "B=2"`), read by systemd's rules, and a docker run in ExecStart=.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("umbra", { cidrBlock: "10.93.0.0/16" });
const sub = new aws.ec2.Subnet("umbra-a", { vpcId: vpc.id, cidrBlock: "10.93.2.0/24" });
const sg = new aws.ec2.SecurityGroup("umbra", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.93.2.10", "10.93.2.11", "10.93.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.93.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.93.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "umbra"], ["CONFIG_whisk_couchdb_password", "umbra-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "umbra_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "umbra_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "umbra_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
function userData(i: number, ip: string): string {
  const env = [...common, ["CONFIG_pekko_remote_artery_canonical_hostname", ip], ["CONFIG_whisk_info_buildNo", "build 1fae641"], ["CONFIG_whisk_info_date", "2026-08-05"]];
  const lines: string[] = [];
  for (let j = 0; j < env.length; j += 3) lines.push("Environment=" + env.slice(j, j + 3).map(([k, v]) => `"${k}=${v.replace(/"/g, '\\"')}"`).join(" "));
  const unit = ["[Unit]", "Description=controller", "[Service]", ...lines, `ExecStart=/usr/bin/docker run --rm --name controller ${env.map(([k]) => `--env ${k}`).join(" ")} -p 2551:2551 openwhisk/controller:1fae641 /init.sh ${i}`].join("\n");
  return `#cloud-config\nwrite_files:\n  - path: /etc/systemd/system/ow-controller.service\n    content: |\n${indent(unit, "      ")}\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`umbra-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`umbra-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `umbra-${i}` },
  });
});
