/**
 * family: compose anchors and merge keys
 * expect: pass
 * Team "skua" (master) writes one compose file per host with a controller and an invoker service that
 * share their database and Kafka settings through an anchor (`x-shared: &shared`, merged with
 * `<<: *shared`), and the cluster settings through a second anchor only the controller merges. The
 * invoker turns runc off with the key its build reads (CONFIG_whisk_docker_containerFactory_useRunc:
 * core/invoker/src/main/resources/application.conf at 1fae641, `use-runc`). Each service is its own node
 * and each is right; the controller's cluster anchor is not the invoker's.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("skua", { cidrBlock: "10.106.0.0/16" });
const sub = new aws.ec2.Subnet("skua-a", { vpcId: vpc.id, cidrBlock: "10.106.2.0/24" });
const sg = new aws.ec2.SecurityGroup("skua", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.106.2.10", "10.106.2.11", "10.106.2.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
const q = (v: string) => JSON.stringify(v);
function compose(i: number, ip: string): string {
  return [
    "x-shared: &shared",
    "  KAFKA_HOSTS: 10.106.2.5:9092",
    "  RUNTIMES_MANIFEST: '{}'",
    "  CONFIG_whisk_couchdb_provider: CouchDB",
    "  CONFIG_whisk_couchdb_protocol: http",
    "  CONFIG_whisk_couchdb_host: 10.106.2.5",
    '  CONFIG_whisk_couchdb_port: "5984"',
    "  CONFIG_whisk_couchdb_username: skua",
    "  CONFIG_whisk_couchdb_password: skua-pw",
    "  CONFIG_whisk_couchdb_databases_WhiskAuth: skua_s",
    "  CONFIG_whisk_couchdb_databases_WhiskEntity: skua_w",
    "  CONFIG_whisk_couchdb_databases_WhiskActivation: skua_a",
    "x-cluster: &cluster",
    "  CONFIG_pekko_actor_provider: cluster",
    '  CONFIG_pekko_remote_artery_canonical_port: "2551"',
    '  CONFIG_pekko_remote_artery_bind_port: "2551"',
    ...ips.map((s, j) => `  CONFIG_pekko_cluster_seedNodes_${j}: ${q(`pekko://controller-actor-system@${s}:2551`)}`),
    "  CONFIG_pekko_cluster_downingProviderClass: org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    "  CONFIG_pekko_cluster_splitBrainResolver_activeStrategy: keep-majority",
    "services:",
    "  controller:",
    "    image: openwhisk/controller:1fae641",
    `    command: /init.sh ${i}`,
    "    network_mode: host",
    "    environment:",
    "      <<: [*shared, *cluster]",
    `      CONFIG_pekko_remote_artery_canonical_hostname: ${q(ip)}`,
    "      CONFIG_whisk_spi_LoadBalancerProvider: org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "      CONFIG_whisk_spi_EntitlementSpiProvider: org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    '      CONFIG_whisk_info_buildNo: "1fae641"',
    '      CONFIG_whisk_info_date: "2026-08-05"',
    '      LIMITS_ACTIONS_INVOKES_PERMINUTE: "60"',
    '      LIMITS_ACTIONS_INVOKES_CONCURRENT: "30"',
    '      LIMITS_TRIGGERS_FIRES_PERMINUTE: "60"',
    '      LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50"',
    "  invoker:",
    "    image: openwhisk/invoker:1fae641",
    `    command: ["/init.sh", "--id", "${i}"]`,
    "    privileged: true",
    "    environment:",
    "      <<: *shared",
    '      CONFIG_whisk_docker_containerFactory_useRunc: "false"',
    "      WHISK_API_HOST_NAME: api.skua.example",
    "      CONFIG_whisk_spi_InvokerProvider: org.apache.openwhisk.core.invoker.InvokerReactive",
    "      CONFIG_whisk_spi_InvokerServerProvider: org.apache.openwhisk.core.invoker.DefaultInvokerServer",
  ].join("\n");
}
// Docker Engine pinned on the hosts (the invoker image drives it with its own docker CLI).
const dropIn = "[Service]\nEnvironment=DOCKER_MIN_API_VERSION=1.42";
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`skua-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`skua-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.xlarge",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: `#cloud-config\nwrite_files:\n  - path: /opt/skua/docker-compose.yml\n    content: |\n${indent(compose(i, ip), "      ")}\n  - path: /etc/systemd/system/docker.service.d/min-api.conf\n    content: |\n${indent(dropIn, "      ")}\n`,
    tags: { Name: `skua-${i}` },
  });
});
