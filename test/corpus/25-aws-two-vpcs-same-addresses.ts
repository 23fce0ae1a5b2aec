/**
 * family: addresses per network
 * expect: pass
 * Team "yarrow" runs a cluster per region-like VPC; both VPCs use 10.0.1.0/24 and the same controller
 * addresses. They are isolated: equal IPs there are different addresses, not a shared identity.
 */
import * as aws from "@pulumi/aws";

for (const site of ["east", "west"]) {
  const startup: string[] = [
  'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.0.0.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=yarrow", "CONFIG_whisk_couchdb_password=yarrow-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=yarrow_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=yarrow_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=yarrow_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
  const vpc = new aws.ec2.Vpc(`yarrow-${site}`, { cidrBlock: "10.0.0.0/16" });
  const subnet = new aws.ec2.Subnet(`yarrow-${site}-a`, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
  const sg = new aws.ec2.SecurityGroup(`yarrow-${site}`, { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
  const ips = ["10.0.1.10", "10.0.1.11", "10.0.1.12"];
  ips.forEach((ip, i) => {
    const eni = new aws.ec2.NetworkInterface(`yarrow-${site}-eni${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
    const env = [
      ...startup,
      `KAFKA_HOSTS=kafka.${site}.yarrow:9092`,
      `CONFIG_whisk_cluster_name=yarrow-${site}`,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    ];
    new aws.ec2.Instance(`yarrow-${site}-ctl${i}`, {
      ami: "ami-06666666666666666",
      instanceType: "m6i.large",
      primaryNetworkInterface: { networkInterfaceId: eni.id },
      userData: ["#cloud-config", "write_files:", "  - path: /etc/yarrow.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/yarrow.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
      tags: { Name: `ctl${i}` },
    });
  });
}
