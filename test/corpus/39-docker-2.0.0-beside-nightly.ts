/**
 * family: one cluster, one build
 * expect: reject controllers-same-build
 * Team "quartz" rolls a new image onto one controller only: 2.0.0 beside two nightly ones in one cluster. The
 * builds never form one cluster.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("quartz", { name: "quartz", ipamConfigs: [{ subnet: "172.43.0.0/24" }] });
const ips = ["172.43.0.10", "172.43.0.11", "172.43.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=quartz", "CONFIG_whisk_couchdb_password=quartz-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=quartz_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=quartz_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=quartz_a",
  "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_stableAfter=20s",
];
const image = (i: number) => i === 2 ? "openwhisk/controller:2.0.0" : "openwhisk/controller:nightly";
const extra = (i: number): string[] => [];
ips.forEach((ip, i) =>
  new docker.Container(`quartz${i}`, {
    name: `quartz${i}`,
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
