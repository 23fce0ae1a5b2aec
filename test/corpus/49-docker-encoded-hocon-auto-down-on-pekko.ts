/**
 * family: nested HOCON
 * expect: reject downing-keys-match-build, manual-downing-endpoint
 * Team "quill" (master) ships its downing settings base64 in OPENWHISK_ENCODED_CONFIG (decoded into the
 * JVM's config file by common/scala/transformEnvironment.sh at 1fae641), nested in a `pekko.cluster { }`
 * block: `auto-down-unreachable-after`, which the Pekko build does not read (it downs through the
 * split-brain resolver), so nothing downs unreachable members and no JMX is exposed for a supervisor
 * to. Only the HOCON says so.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("quill", { name: "quill", ipamConfigs: [{ subnet: "172.43.0.0/24" }] });
const ips = ["172.43.0.10", "172.43.0.11", "172.43.0.12"];
const config = [
  'include classpath("application.conf")',
  "pekko.cluster {",
  "  # down unreachable members after 10 seconds",
  "  auto-down-unreachable-after = 10s",
  "}",
  "whisk.info {",
  '  build-no = "1fae641"',
  "  date = 2026-08-05",
  "}",
].join("\n");
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=quill", "CONFIG_whisk_couchdb_password=quill-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=quill_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=quill_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=quill_a",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  `OPENWHISK_ENCODED_CONFIG=${Buffer.from(config).toString("base64")}`,
];
ips.forEach((ip, i) =>
  new docker.Container(`quill${i}`, {
    name: `quill${i}`,
    image: "openwhisk/controller:1fae641",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    ],
  }),
);
