/**
 * family: builds
 * expect: reject sharding-balancer-explicit
 * Team "ember" (master) clusters its controllers perfectly, but left the load balancer at the build's
 * default, the FPC scheduler's, which ignores the controller cluster.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("ember", { cidrBlock: "10.23.0.0/16" });
const subnet = new aws.ec2.Subnet("ember-1", { vpcId: vpc.id, cidrBlock: "10.23.1.0/24" });
const sg = new aws.ec2.SecurityGroup("ember", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.23.1.10", "10.23.1.11", "10.23.1.12"];
const base = [
  "KAFKA_HOSTS=10.23.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.23.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=ember", "CONFIG_whisk_couchdb_password=ember-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=ember_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=ember_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=ember_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`ember-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = [
    ...base,
    "CONFIG_pekko_actor_provider=cluster",
    `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
    "CONFIG_pekko_remote_artery_canonical_port=2551",
    "CONFIG_pekko_remote_artery_bind_port=2551",
    ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  ];
  new aws.ec2.Instance(`ember-${i}`, {
    ami: "ami-09999999999999999",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/ember.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/ember.env -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
    tags: { Name: `ember-${i}` },
  });
});
