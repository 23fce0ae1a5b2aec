/**
 * family: nested HOCON
 * expect: reject seed-nodes-static
 * Team "auk" (2.0.0, Akka 2.6) keeps its cluster settings in OPENWHISK_CONFIG (HOCON; written to the
 * JVM's config file by common/scala/transformEnvironment.sh at 2.0.0): the seed list is an array, and a
 * later `seed-nodes += ...` line, left from a migration, appends the address of a controller that no
 * longer exists. HOCON's `+=` appends to the list (HOCON.md "The += field separator"), so every controller
 * still tries that seed: an address that belongs to no controller of this stack.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("auk", { name: "auk", ipamConfigs: [{ subnet: "172.47.0.0/24" }] });
const ips = ["172.47.0.10", "172.47.0.11", "172.47.0.12"];
const config = (ip: string) => [
  'include classpath("application.conf")',
  "akka {",
  "  actor { provider = cluster }",
  `  remote.artery.canonical.hostname = "${ip}"`,
  "  remote.artery.canonical.port = 2551",
  "  remote.artery.bind.port = ${akka.remote.artery.canonical.port}",
  "  cluster {",
  `    seed-nodes = [ ${ips.map((s) => `"akka://controller-actor-system@${s}:2551"`).join(", ")} ]`,
  "    downing-provider-class = akka.cluster.sbr.SplitBrainResolverProvider",
  "  }",
  "}",
  "// migration from the old hosts",
  'akka.cluster.seed-nodes += "akka://controller-actor-system@172.47.0.9:2551"',
].join("\n");
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=auk", "CONFIG_whisk_couchdb_password=auk-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=auk_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=auk_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=auk_a",
  "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
ips.forEach((ip, i) =>
  new docker.Container(`auk${i}`, {
    name: `auk${i}`,
    image: "openwhisk/controller:2.0.0",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [...base, `OPENWHISK_CONFIG=${config(ip)}`],
  }),
);
