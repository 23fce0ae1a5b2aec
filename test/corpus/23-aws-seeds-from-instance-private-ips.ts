/**
 * family: static primary interface
 * expect: pass
 * Team "willow" builds the seed list from the instances' own privateIp outputs. Each instance's primary
 * interface is a pre-made fixed-IP interface, so those outputs are static addresses.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const startup: string[] = [
  "KAFKA_HOSTS=10.0.0.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.0.0.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=willow", "CONFIG_whisk_couchdb_password=willow-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=willow_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=willow_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=willow_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
const vpc = new aws.ec2.Vpc("willow", { cidrBlock: "10.0.0.0/16" });
const subnet = new aws.ec2.Subnet("willow-a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
const sg = new aws.ec2.SecurityGroup("willow", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });

// Seeds first (fixed interfaces), then a third controller that seeds from their outputs.
const seeds = [0, 1].map((i) => {
  const eni = new aws.ec2.NetworkInterface(`willow-seed-eni${i}`, { subnetId: subnet.id, privateIps: [`10.0.1.${10 + i}`], securityGroups: [sg.id] });
  return { eni, ip: `10.0.1.${10 + i}` };
});
const seedList = (ips: pulumi.Input<string>[]) => ips.map((ip, j) => pulumi.interpolate`CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${ip}:2551`);
const userData = (self: pulumi.Input<string>, index: number, seedIps: pulumi.Input<string>[]) =>
  pulumi.all([self, pulumi.all(seedList(seedIps))]).apply(([me, seedLines]) =>
    ["#cloud-config", "write_files:", "  - path: /etc/willow.env", "    content: |",
      ...[...startup, "CONFIG_pekko_actor_provider=cluster", `CONFIG_pekko_remote_artery_canonical_hostname=${me}`,
        "CONFIG_pekko_remote_artery_canonical_port=2551", "CONFIG_pekko_remote_artery_bind_port=2551", ...seedLines].map((l) => `      ${l}`),
      "runcmd:", `  - docker run -d --env-file /etc/willow.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${index}`].join("\n"));

const seedInstances = seeds.map((s, i) =>
  new aws.ec2.Instance(`willow-ctl${i}`, {
    ami: "ami-04444444444444444",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: s.eni.id },
    userData: userData(s.ip, i, seeds.map((x) => x.ip)),
    tags: { Name: `willow-ctl${i}` },
  }),
);
const thirdEni = new aws.ec2.NetworkInterface("willow-eni2", { subnetId: subnet.id, privateIps: ["10.0.1.12"], securityGroups: [sg.id] });
new aws.ec2.Instance("willow-ctl2", {
  ami: "ami-04444444444444444",
  instanceType: "m6i.large",
  primaryNetworkInterface: { networkInterfaceId: thirdEni.id },
  userData: userData("10.0.1.12", 2, seedInstances.map((inst) => inst.privateIp)),
  tags: { Name: "willow-ctl2" },
});
