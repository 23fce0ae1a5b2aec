/**
 * family: nodes the model never sees
 * expect: reject controller-static-address
 * Team "lumen" runs its clustered controllers from a launch template in an auto scaling group. Every
 * replacement comes back under a new address: a new member, not let in while the old one is unreachable.
 * (Seeds point at a fixed seed instance outside the group, which is fine by itself.)
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("lumen", { cidrBlock: "10.14.0.0/16" });
const subnet = new aws.ec2.Subnet("lumen-1", { vpcId: vpc.id, cidrBlock: "10.14.1.0/24" });
const sg = new aws.ec2.SecurityGroup("lumen", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const boot = (self: string, index: string) => [
  "#!/bin/bash",
  "cat > /etc/ow.env <<ENV",
  "CONFIG_pekko_actor_provider=cluster",
  `CONFIG_pekko_remote_artery_canonical_hostname=${self}`,
  "CONFIG_pekko_remote_artery_canonical_port=2551",
  "CONFIG_pekko_remote_artery_bind_port=2551",
  "CONFIG_pekko_cluster_seedNodes_0=pekko://controller-actor-system@10.14.1.10:2551",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "KAFKA_HOSTS=10.14.1.5:9092",
  "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB",
  "CONFIG_whisk_couchdb_protocol=http",
  "CONFIG_whisk_couchdb_host=10.14.1.5",
  "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=lumen",
  "CONFIG_whisk_couchdb_password=lum3n",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=l_s",
  "CONFIG_whisk_couchdb_databases_WhiskEntity=l_w",
  "CONFIG_whisk_couchdb_databases_WhiskActivation=l_a",
  "CONFIG_whisk_info_buildNo=nightly",
  "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60",
  "LIMITS_ACTIONS_INVOKES_CONCURRENT=30",
  "LIMITS_TRIGGERS_FIRES_PERMINUTE=60",
  "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "ENV",
  `docker run -d --env-file /etc/ow.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${index}`,
].join("\n");

// The seed: a fixed instance on a fixed interface.
const seedNic = new aws.ec2.NetworkInterface("lumen-seed", { subnetId: subnet.id, privateIps: ["10.14.1.10"], securityGroups: [sg.id] });
new aws.ec2.Instance("lumen-seed", { ami: "ami-0dddddddddddddddd", instanceType: "m6i.large", primaryNetworkInterface: { networkInterfaceId: seedNic.id }, userData: boot("10.14.1.10", "0"), tags: { Name: "lumen-seed" } });

// The rest: whatever address the group's instances get.
const template = new aws.ec2.LaunchTemplate("lumen-controllers", {
  imageId: "ami-0dddddddddddddddd",
  instanceType: "m6i.large",
  vpcSecurityGroupIds: [sg.id],
  userData: Buffer.from(boot("$(hostname -i)", "1")).toString("base64"),
  tagSpecifications: [{ resourceType: "instance", tags: { Name: "lumen-controller" } }],
});
new aws.autoscaling.Group("lumen-controllers", {
  minSize: 1,
  maxSize: 1,
  vpcZoneIdentifiers: [subnet.id],
  launchTemplate: { id: template.id, version: "$Latest" },
});
