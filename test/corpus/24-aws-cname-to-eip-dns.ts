/**
 * family: cname to a static target
 * expect: pass
 * Team "xeno" names its seeds with CNAME records to the seeds' Elastic IP DNS names (which resolve to
 * the private address inside the VPC) and advertises the same names.
 */
import * as aws from "@pulumi/aws";

const startup: string[] = [
  "KAFKA_HOSTS=10.0.0.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.0.0.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=xeno", "CONFIG_whisk_couchdb_password=xeno-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=xeno_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=xeno_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=xeno_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
const vpc = new aws.ec2.Vpc("xeno", { cidrBlock: "10.0.0.0/16" });
const subnet = new aws.ec2.Subnet("xeno-pub", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" });
const sg = new aws.ec2.SecurityGroup("xeno", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const zone = new aws.route53.Zone("xeno-zone", { name: "xeno.net", vpcs: [{ vpcId: vpc.id }] });
const names = ["seed-a.xeno.net", "seed-b.xeno.net", "seed-c.xeno.net"];

names.forEach((name, i) => {
  const eni = new aws.ec2.NetworkInterface(`xeno-eni-${i}`, { subnetId: subnet.id, privateIps: [`10.0.2.${30 + i}`], securityGroups: [sg.id] });
  const eip = new aws.ec2.Eip(`xeno-eip-${i}`, { domain: "vpc", networkInterface: eni.id });
  new aws.route53.Record(`xeno-cname-${i}`, { zoneId: zone.zoneId, name, type: "CNAME", ttl: 300, records: [eip.publicDns] });
  const env = [
    ...startup,
    "CONFIG_pekko_actor_provider=cluster",
    `CONFIG_pekko_remote_artery_canonical_hostname=${name}`,
    "CONFIG_pekko_remote_artery_canonical_port=2551",
    "CONFIG_pekko_remote_artery_bind_port=2551",
    ...names.map((n, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${n}:2551`),
  ];
  new aws.ec2.Instance(`xeno-ctl-${i}`, {
    ami: "ami-05555555555555555",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#!/bin/sh\ndocker run -d ${env.map((e) => `-e '${e}'`).join(" ")} -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}\n`,
    tags: { Name: `xeno-ctl-${i}` },
  });
});
