/**
 * family: docker network without a subnet
 * expect: reject automatic-downing-static-seeds, controller-static-address, seed-nodes-static
 * Team "amber" gave its controllers fixed ipv4Address values on a network created without a subnet:
 * Docker refuses a fixed address there, so the controllers have none, and neither have the seeds
 * (their names).
 */
import * as docker from "@pulumi/docker";

const startup: string[] = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=amber", "CONFIG_whisk_couchdb_password=amber-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=amber_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=amber_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=amber_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
const net = new docker.Network("amber", { name: "amber", driver: "bridge" });
const ips = ["172.30.5.10", "172.30.5.11", "172.30.5.12"];
ips.forEach((ip, i) =>
  new docker.Container(`amber-${i}`, {
    name: `amber-${i}`,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip, aliases: [`amber-${i}`] }],
    envs: [
      ...startup,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=amber-${i}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((_, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@amber-${j}:2551`),
    ],
  }),
);
