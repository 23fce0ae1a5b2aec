/**
 * family: env carried elsewhere
 * expect: reject split-brain-resolver-valid
 * Team "brant" (2.0.0, Akka 2.6) ships a setup script in cloud-config that writes its systemd unit with a
 * heredoc (`cat > /etc/systemd/system/controller.service <<'EOF'`): `Environment=` lines with several
 * quoted assignments each, and `ExecStart=` running docker with `-e ${NAME}` flags systemd fills in
 * from them (systemd.service(5) "Command lines"). The unit picks static-quorum with quorum-size 1 of
 * three controllers: each side of any split keeps running.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("brant", { cidrBlock: "10.112.0.0/16" });
const subnet = new aws.ec2.Subnet("brant-1", { vpcId: vpc.id, cidrBlock: "10.112.1.0/24" });
const sg = new aws.ec2.SecurityGroup("brant", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.112.1.10", "10.112.1.11", "10.112.1.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
const env = (ip: string): [string, string][] => [
  ["KAFKA_HOSTS", "10.112.1.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.112.1.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "brant"], ["CONFIG_whisk_couchdb_password", "brant-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "brant_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "brant_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "brant_a"],
  ["CONFIG_whisk_info_buildNo", "2.0.0"], ["CONFIG_whisk_info_date", "2024-03-27"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["CONFIG_akka_actor_provider", "cluster"], ["CONFIG_akka_remote_artery_canonical_hostname", ip],
  ["CONFIG_akka_remote_artery_canonical_port", "2551"], ["CONFIG_akka_remote_artery_bind_port", "2551"],
  ...ips.map((s, j): [string, string] => [`CONFIG_akka_cluster_seedNodes_${j}`, `akka://controller-actor-system@${s}:2551`]),
];
function setup(i: number, ip: string): string {
  const pairs = env(ip);
  const lines: string[] = [];
  for (let j = 0; j < pairs.length; j += 4) lines.push("Environment=" + pairs.slice(j, j + 4).map(([k, v]) => `"${k}=${v.replace(/"/g, '\\"')}"`).join(" "));
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "cat > /etc/systemd/system/controller.service <<'EOF'",
    "[Unit]",
    "Description=OpenWhisk controller",
    "[Service]",
    ...lines,
    'Environment="SBR=static-quorum" "QUORUM=1"',
    `ExecStart=/usr/bin/docker run --rm --name controller --network host ${pairs.map(([k]) => `--env ${k}`).join(" ")} -e CONFIG_akka_cluster_downingProviderClass=akka.cluster.sbr.SplitBrainResolverProvider -e CONFIG_akka_cluster_splitBrainResolver_activeStrategy=\${SBR} -e CONFIG_akka_cluster_splitBrainResolver_staticQuorum_quorumSize=\${QUORUM} openwhisk/controller:2.0.0 /init.sh ${i}`,
    "EOF",
    "systemctl daemon-reload",
    "systemctl enable --now controller",
  ].join("\n");
}
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`brant-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`brant-${i}`, {
    ami: "ami-0dddddddddddddddd",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#cloud-config\nwrite_files:\n  - path: /usr/local/sbin/brant-setup\n    permissions: '0755'\n    content: |\n${indent(setup(i, ip), "      ")}\nruncmd:\n  - [/usr/local/sbin/brant-setup]\n`,
    tags: { Name: `brant-${i}` },
  });
});
