/**
 * family: split-brain resolver settings
 * expect: reject split-brain-resolver-valid
 * Team "onyx" (master) picks lease-majority in JAVA_OPTS but configures no lease implementation: the
 * controllers stop at startup (the resolver requires lease-implementation).
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("onyx", { name: "onyx", ipamConfigs: [{ subnet: "172.41.0.0/24" }] });
const ips = ["172.41.0.10", "172.41.0.11", "172.41.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=onyx", "CONFIG_whisk_couchdb_password=onyx-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=onyx_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=onyx_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=onyx_a",
  "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_stableAfter=20s",
];
const image = (i: number) => "openwhisk/controller:1fae641";
const extra = (i: number): string[] => ["JAVA_OPTS=-Xmx2g -Dpekko.cluster.split-brain-resolver.active-strategy=lease-majority"];
ips.forEach((ip, i) =>
  new docker.Container(`onyx${i}`, {
    name: `onyx${i}`,
    image: image(i),
    command: ["/init.sh", `${i}`],
    labels: [],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      ...extra(i),
    ],
  }),
);
