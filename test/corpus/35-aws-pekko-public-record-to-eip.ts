/**
 * family: builds
 * expect: reject automatic-downing-static-seeds, seed-nodes-static
 * Team "iris" (master) seeds from public Route53 names whose records point at addresses typed in by hand
 * (not the stack's Elastic IPs): nothing keeps those addresses static.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("iris", { cidrBlock: "10.25.0.0/16" });
const subnet = new aws.ec2.Subnet("iris-1", { vpcId: vpc.id, cidrBlock: "10.25.1.0/24" });
const sg = new aws.ec2.SecurityGroup("iris", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const names = ["c0.iris.example.com", "c1.iris.example.com", "c2.iris.example.com"];
const base = [
  "KAFKA_HOSTS=10.25.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.25.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=iris", "CONFIG_whisk_couchdb_password=iris-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=iris_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=iris_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=iris_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
names.forEach((name, i) => {
  const eni = new aws.ec2.NetworkInterface(`iris-${i}`, { subnetId: subnet.id, privateIps: [`10.25.1.${10 + i}`], securityGroups: [sg.id] });
  new aws.route53.Record(`iris-${i}`, { zoneId: "Z0IRISPUBLIC", name, type: "A", ttl: 60, records: [`198.51.100.${20 + i}`] });
  const env = [
    ...base,
    "CONFIG_pekko_actor_provider=cluster",
    `CONFIG_pekko_remote_artery_canonical_hostname=10.25.1.${10 + i}`,
    "CONFIG_pekko_remote_artery_canonical_port=2551",
    "CONFIG_pekko_remote_artery_bind_port=2551",
    ...names.map((n, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${n}:2551`),
    "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  ];
  new aws.ec2.Instance(`iris-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbc",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/iris.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/iris.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
    tags: { Name: `iris-${i}` },
  });
});
