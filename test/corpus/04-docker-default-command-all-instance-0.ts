/**
 * family: instance identity
 * expect: reject controller-identity-unique
 * Team "delta" left the controllers on the image's default command (./init.sh 0): all three run as
 * instance 0 and share one completion topic.
 */
import * as docker from "@pulumi/docker";

const lan = new docker.Network("delta", { name: "delta-lan", ipamConfigs: [{ subnet: "192.168.50.0/24" }] });
const startup = {
  KAFKA_HOSTS: "kafka:9092",
  RUNTIMES_MANIFEST: JSON.stringify({ runtimes: {} }),
  CONFIG_whisk_couchdb_provider: "CouchDB", CONFIG_whisk_couchdb_protocol: "http", CONFIG_whisk_couchdb_host: "couchdb", CONFIG_whisk_couchdb_port: "5984",
  CONFIG_whisk_couchdb_username: "admin", CONFIG_whisk_couchdb_password: "delta",
  CONFIG_whisk_couchdb_databases_WhiskAuth: "d_subjects", CONFIG_whisk_couchdb_databases_WhiskEntity: "d_whisks", CONFIG_whisk_couchdb_databases_WhiskActivation: "d_activations",
  CONFIG_whisk_info_buildNo: "nightly", CONFIG_whisk_info_date: "2026-08-05",
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60", LIMITS_ACTIONS_INVOKES_CONCURRENT: "30", LIMITS_TRIGGERS_FIRES_PERMINUTE: "60", LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
  CONFIG_whisk_spi_LoadBalancerProvider: "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  CONFIG_whisk_spi_EntitlementSpiProvider: "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
};
const ips = ["192.168.50.11", "192.168.50.12", "192.168.50.13"];
ips.forEach((ip, i) => {
  const env: Record<string, string> = {
    ...startup,
    CONFIG_pekko_actor_provider: "cluster",
    CONFIG_pekko_remote_artery_canonical_hostname: ip,
    CONFIG_pekko_remote_artery_canonical_port: "2551",
    CONFIG_pekko_remote_artery_bind_port: "2551",
    CONFIG_pekko_cluster_seedNodes_0: `pekko://controller-actor-system@${ips[0]}:2551`,
    CONFIG_pekko_cluster_downingProviderClass: "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  };
  new docker.Container(`delta-controller-${i}`, {
    name: `delta-controller-${i}`,
    image: "openwhisk/controller:nightly",
    networksAdvanced: [{ name: lan.name, ipv4Address: ip }],
    envs: Object.entries(env).map(([k, v]) => `${k}=${v}`),
  });
});
