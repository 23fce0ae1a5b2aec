/**
 * family: builds
 * expect: reject startup-config-complete
 * Team "flint" (master) forgot whisk.info: every controller joins the cluster, then dies before its
 * HTTP API binds (RestAPIs.scala loads whisk.info with no default).
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("flint", { name: "flint", ipamConfigs: [{ subnet: "172.20.0.0/24" }] });
const ips = ["172.20.0.10", "172.20.0.11", "172.20.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=flint", "CONFIG_whisk_couchdb_password=flint-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=flint_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=flint_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=flint_a",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
ips.forEach((ip, i) =>
  new docker.Container(`flint${i}`, {
    name: `flint${i}`,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    ],
  }),
);
