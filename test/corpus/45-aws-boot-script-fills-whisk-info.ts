/**
 * family: values filled in at boot
 * expect: pass
 * Team "wren" (master) fills whisk.info in at boot: envsubst renders the build number from a template, sed
 * fills the date placeholder, and the container reads the env file (--env-file).
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("wren", { cidrBlock: "10.95.0.0/16" });
const sub = new aws.ec2.Subnet("wren-a", { vpcId: vpc.id, cidrBlock: "10.95.2.0/24" });
const sg = new aws.ec2.SecurityGroup("wren", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.95.2.10", "10.95.2.11", "10.95.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.95.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.95.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "wren"], ["CONFIG_whisk_couchdb_password", "wren-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "wren_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "wren_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "wren_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
function userData(i: number, ip: string): string {
  const env = [...common, ["CONFIG_pekko_remote_artery_canonical_hostname", ip]].map(([k, v]) => `${k}=${v}`).join("\n");
  const script = [
    "#!/bin/sh",
    "set -eu",
    "BUILD=$(cat /opt/wren/BUILD) envsubst < /etc/wren/info.env.tmpl > /etc/wren/info.env",
    `sed -i "s/@DATE@/$(date -u +%Y-%m-%d)/" /etc/wren/controller.env`,
    `exec docker run --rm --name controller --env-file /etc/wren/controller.env --env-file /etc/wren/info.env -p 2551:2551 openwhisk/controller:1fae641 /init.sh ${i}`,
  ].join("\n");
  const files = [
    ["/etc/wren/controller.env", `${env}\nCONFIG_whisk_info_date=@DATE@`],
    ["/etc/wren/info.env.tmpl", "CONFIG_whisk_info_buildNo=${BUILD}"],
    ["/usr/local/bin/wren-controller.sh", script],
  ];
  return `#cloud-config\nwrite_files:\n${files.map(([p, c]) => `  - path: ${p}\n    content: |\n${indent(c, "      ")}`).join("\n")}\nruncmd:\n  - [sh, /usr/local/bin/wren-controller.sh]\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`wren-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`wren-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `wren-${i}` },
  });
});
