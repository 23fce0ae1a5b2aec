/**
 * family: split-brain resolver settings
 * expect: reject split-brain-resolver-valid
 * Team "ibis" (master) picks the split-brain resolver's lease-majority strategy in a systemd unit
 * (`Environment="A=1" "B=2"` pairs, read by systemd's rules) but names no lease implementation
 * (pekko.cluster.split-brain-resolver.lease-majority.lease-implementation): Pekko refuses to start the
 * resolver without one, and no OpenWhisk image ships a lease.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("ibis", { cidrBlock: "10.99.0.0/16" });
const sub = new aws.ec2.Subnet("ibis-a", { vpcId: vpc.id, cidrBlock: "10.99.2.0/24" });
const sg = new aws.ec2.SecurityGroup("ibis", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.99.2.10", "10.99.2.11", "10.99.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_pekko_cluster_splitBrainResolver_activeStrategy", "lease-majority"], ["CONFIG_pekko_cluster_splitBrainResolver_stableAfter", "20s"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.99.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.99.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "ibis"], ["CONFIG_whisk_couchdb_password", "ibis-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "ibis_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "ibis_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "ibis_a"],
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
  const nic = new aws.ec2.NetworkInterface(`ibis-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`ibis-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `ibis-${i}` },
  });
});
