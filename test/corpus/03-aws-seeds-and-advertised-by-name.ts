/**
 * family: seed host form
 * expect: pass
 * Team "cobalt" (master, Pekko): static names in a private zone, advertised and seeded by the same names.
 */
import * as aws from "@pulumi/aws";

const network = new aws.ec2.Vpc("cobalt-vpc", { cidrBlock: "10.30.0.0/16" });
const lan = new aws.ec2.Subnet("cobalt-lan", { vpcId: network.id, cidrBlock: "10.30.4.0/24" });
const fw = new aws.ec2.SecurityGroup("cobalt-fw", { vpcId: network.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const dns = new aws.route53.Zone("cobalt-dns", { name: "cobalt.internal", vpcs: [{ vpcId: network.id }] });

const nodes = [0, 1, 2].map((i) => {
  const nic = new aws.ec2.NetworkInterface(`cobalt-nic${i}`, { subnetId: lan.id, privateIps: [`10.30.4.${40 + i}`], securityGroups: [fw.id] });
  const rec = new aws.route53.Record(`cobalt-rec${i}`, { zoneId: dns.zoneId, name: `node${i}.cobalt.internal`, type: "A", ttl: 60, records: [nic.privateIp] });
  return { nic, rec, name: `node${i}.cobalt.internal` };
});

const env = (i: number) => [
  "CONFIG_pekko_actor_provider=cluster",
  `CONFIG_pekko_remote_artery_canonical_hostname=${nodes[i].name}`,
  "CONFIG_pekko_remote_artery_canonical_port=2551",
  "CONFIG_pekko_remote_artery_bind_port=2551",
  ...nodes.map((n, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${n.name}:2551`),
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "KAFKA_HOSTS=kafka.cobalt.internal:9092",
  'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=https", "CONFIG_whisk_couchdb_host=couch.cobalt.internal", "CONFIG_whisk_couchdb_port=6984",
  "CONFIG_whisk_couchdb_username=cobalt", "CONFIG_whisk_couchdb_password=c0balt",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=c_auth", "CONFIG_whisk_couchdb_databases_WhiskEntity=c_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=c_act",
  "CONFIG_whisk_info_buildNo=cobalt-17", "CONFIG_whisk_info_date=2026-10-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=600", "LIMITS_ACTIONS_INVOKES_CONCURRENT=100", "LIMITS_TRIGGERS_FIRES_PERMINUTE=600", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
];

nodes.forEach((n, i) => {
  new aws.ec2.Instance(`cobalt-controller${i}`, {
    ami: "ami-0fedcba9876543210",
    instanceType: "c6i.large",
    primaryNetworkInterface: { networkInterfaceId: n.nic.id },
    userData: ["#!/bin/bash", "cat > /etc/ow.env <<'EOF'", ...env(i), "EOF", `docker run -d --restart always --env-file /etc/ow.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
    tags: { Name: `cobalt-controller${i}` },
  });
});
