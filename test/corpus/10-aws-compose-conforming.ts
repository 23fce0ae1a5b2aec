/**
 * family: env carried elsewhere
 * expect: pass
 * Team "jade" (master) runs each controller from a compose file in user data, on a fixed interface,
 * seeded by the fixed IPs it advertises, with the split-brain resolver.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("jade", { cidrBlock: "10.12.0.0/16" });
const subnet = new aws.ec2.Subnet("jade-1", { vpcId: vpc.id, cidrBlock: "10.12.1.0/24" });
const sg = new aws.ec2.SecurityGroup("jade", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.12.1.50", "10.12.1.51", "10.12.1.52"];

ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`jade-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = {
    CONFIG_pekko_actor_provider: "cluster",
    CONFIG_pekko_remote_artery_canonical_hostname: ip,
    CONFIG_pekko_remote_artery_canonical_port: "2551",
    CONFIG_pekko_remote_artery_bind_port: "2551",
    ...Object.fromEntries(ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`])),
    CONFIG_pekko_cluster_downingProviderClass: "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    CONFIG_pekko_cluster_splitBrainResolver_activeStrategy: "keep-majority",
    CONFIG_whisk_spi_LoadBalancerProvider: "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    CONFIG_whisk_spi_EntitlementSpiProvider: "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    KAFKA_HOSTS: "10.12.1.5:9092",
    RUNTIMES_MANIFEST: '{"runtimes":{}}',
    CONFIG_whisk_couchdb_provider: "CouchDB", CONFIG_whisk_couchdb_protocol: "http", CONFIG_whisk_couchdb_host: "10.12.1.5", CONFIG_whisk_couchdb_port: "5984",
    CONFIG_whisk_couchdb_username: "jade", CONFIG_whisk_couchdb_password: "j4de",
    CONFIG_whisk_couchdb_databases_WhiskAuth: "j_subjects", CONFIG_whisk_couchdb_databases_WhiskEntity: "j_whisks", CONFIG_whisk_couchdb_databases_WhiskActivation: "j_activations",
    CONFIG_whisk_info_buildNo: "nightly", CONFIG_whisk_info_date: "2026-08-05",
    LIMITS_ACTIONS_INVOKES_PERMINUTE: "60", LIMITS_ACTIONS_INVOKES_CONCURRENT: "30", LIMITS_TRIGGERS_FIRES_PERMINUTE: "60", LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
  };
  const compose = ["services:", "  ow:", "    image: openwhisk/controller:nightly", `    command: /init.sh ${i}`, "    environment:", ...Object.entries(env).map(([k, v]) => `      - ${k}=${v}`)];
  new aws.ec2.Instance(`jade-controller-${i}`, {
    ami: "ami-0cccccccccccccccc",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /opt/jade/compose.yaml", "    content: |", ...compose.map((l) => `      ${l}`)].join("\n"),
    tags: { Name: `jade-controller-${i}` },
  });
});
