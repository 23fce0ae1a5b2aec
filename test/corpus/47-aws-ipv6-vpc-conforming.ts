/**
 * family: no silent pass
 * expect: pass
 * Team "yarrow" (master) gives its VPC an Amazon-provided IPv6 block and derives the subnet's /64 from it in
 * an apply; the real provider returns the block, so the check must run the program to its verdict.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("yarrow", { cidrBlock: "10.97.0.0/16", assignGeneratedIpv6CidrBlock: true });
const sub = new aws.ec2.Subnet("yarrow-a", { vpcId: vpc.id, cidrBlock: "10.97.2.0/24", ipv6CidrBlock: vpc.ipv6CidrBlock.apply((b) => { if (!/00::\/56$/.test(b)) throw new Error(`no Amazon-provided /56 on the VPC: ${JSON.stringify(b)}`); return b.replace(/00::\/56$/, "02::/64"); }) });
const sg = new aws.ec2.SecurityGroup("yarrow", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.97.2.10", "10.97.2.11", "10.97.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.97.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.97.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "yarrow"], ["CONFIG_whisk_couchdb_password", "yarrow-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "yarrow_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "yarrow_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "yarrow_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
function userData(i: number, ip: string): string {
  const env = [...common, ["CONFIG_pekko_remote_artery_canonical_hostname", ip], ["CONFIG_whisk_info_buildNo", "1fae641"], ["CONFIG_whisk_info_date", "2026-08-05"]];
  return `#cloud-config\nwrite_files:\n  - path: /etc/yarrow/controller.env\n    content: |\n${indent(env.map(([k, v]) => `${k}=${v}`).join("\n"), "      ")}\nruncmd:\n  - docker run -d --env-file /etc/yarrow/controller.env -p 2551:2551 openwhisk/controller:1fae641 /init.sh ${i}\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`yarrow-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`yarrow-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `yarrow-${i}` },
  });
});
