/**
 * family: values filled in at boot
 * expect: reject startup-config-complete
 * Team "xeno" (master) appends the build number at boot with printf, but nothing writes whisk.info.date:
 * every controller joins, then dies before its API binds.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("xeno", { cidrBlock: "10.96.0.0/16" });
const sub = new aws.ec2.Subnet("xeno-a", { vpcId: vpc.id, cidrBlock: "10.96.2.0/24" });
const sg = new aws.ec2.SecurityGroup("xeno", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.96.2.10", "10.96.2.11", "10.96.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.96.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.96.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "xeno"], ["CONFIG_whisk_couchdb_password", "xeno-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "xeno_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "xeno_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "xeno_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
function userData(i: number, ip: string): string {
  const env = [...common, ["CONFIG_pekko_remote_artery_canonical_hostname", ip]].map(([k, v]) => `${k}=${v}`).join("\n");
  const script = [
    "#!/bin/sh",
    "set -eu",
    `printf 'CONFIG_whisk_info_buildNo=%s\\n' "$(cat /opt/xeno/BUILD)" >> /etc/xeno/controller.env`,
    `exec docker run --rm --env-file /etc/xeno/controller.env -p 2551:2551 openwhisk/controller:1fae641 /init.sh ${i}`,
  ].join("\n");
  return `#cloud-config\nwrite_files:\n  - path: /etc/xeno/controller.env\n    content: |\n${indent(env, "      ")}\n  - path: /usr/local/bin/xeno.sh\n    content: |\n${indent(script, "      ")}\nruncmd:\n  - [sh, /usr/local/bin/xeno.sh]\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`xeno-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`xeno-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `xeno-${i}` },
  });
});
