/**
 * family: one cluster, one build
 * expect: reject production-controller-image-pinned, production-images-pinned
 * Team "ruby" runs its production cluster on the moving nightly tag: a replaced controller may pull a
 * build that cannot rejoin the others. Its images are not pinned by digest either, as production requires.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("ruby", { name: "ruby", ipamConfigs: [{ subnet: "172.44.0.0/24" }] });
const ips = ["172.44.0.10", "172.44.0.11", "172.44.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=ruby", "CONFIG_whisk_couchdb_password=ruby-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=ruby_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=ruby_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=ruby_a",
  "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_stableAfter=20s",
];
const image = (i: number) => "openwhisk/controller:nightly";
const extra = (i: number): string[] => [];
ips.forEach((ip, i) =>
  new docker.Container(`ruby${i}`, {
    name: `ruby${i}`,
    image: image(i),
    command: ["/init.sh", `${i}`],
    labels: [{ label: "openwhisk.environment", value: "production" }],
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
