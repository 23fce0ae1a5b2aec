/**
 * family: env carried elsewhere
 * expect: pass
 * Team "petrel" (1.0.0, Akka 2.5) builds its user data as a MIME multipart message, the way the cloudinit
 * provider does: a base64 cloud-config part writes the controller's env file, a shell-script part starts
 * the container with `--env-file`. cloud-init runs both (cloudinit/handlers/__init__.py: the part's type
 * or first line picks its handler); the controllers are right: auto-down (Akka 2.5), static seeds on
 * fixed-IP interfaces, every startup setting.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("petrel", { cidrBlock: "10.110.0.0/16" });
const subnet = new aws.ec2.Subnet("petrel-1", { vpcId: vpc.id, cidrBlock: "10.110.1.0/24" });
const sg = new aws.ec2.SecurityGroup("petrel", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.110.1.10", "10.110.1.11", "10.110.1.12"];
const env = (ip: string) => [
  "KAFKA_HOSTS=10.110.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.110.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=petrel", "CONFIG_whisk_couchdb_password=petrel-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=petrel_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=petrel_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=petrel_a",
  "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_akka_actor_provider=cluster", `CONFIG_akka_remote_netty_tcp_hostname=${ip}`,
  "CONFIG_akka_remote_netty_tcp_port=2551", "CONFIG_akka_remote_netty_tcp_bindPort=2551",
  ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
  "CONFIG_akka_cluster_autoDownUnreachableAfter=20s",
];
function userData(i: number, ip: string): string {
  const cloudConfig = ["#cloud-config", "write_files:", "  - path: /etc/petrel/controller.env", "    permissions: '0600'", "    content: |", ...env(ip).map((l) => `      ${l}`)].join("\n");
  const script = ["#!/bin/bash", "set -eu", `docker run -d --name controller --network host --env-file /etc/petrel/controller.env openwhisk/controller:1.0.0 /init.sh ${i}`].join("\n");
  return [
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"',
    "",
    "--MIMEBOUNDARY",
    'Content-Type: text/cloud-config; charset="us-ascii"',
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from(cloudConfig).toString("base64").replace(/(.{76})/g, "$1\n"),
    "--MIMEBOUNDARY",
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    "",
    script,
    "--MIMEBOUNDARY--",
    "",
  ].join("\n");
}
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`petrel-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`petrel-${i}`, {
    ami: "ami-0eeeeeeeeeeeeeeee",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: userData(i, ip),
    tags: { Name: `petrel-${i}` },
  });
});
