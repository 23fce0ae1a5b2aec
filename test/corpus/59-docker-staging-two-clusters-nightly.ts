/**
 * family: two clusters in one stack
 * expect: pass
 * Team "plover" runs two staging clusters of three controllers each in one stack (two tenants, each with
 * its own network, Kafka and seeds), on master's moving `nightly` tag, read as the Pekko build. Outside
 * production a moving tag is advisory only (controller-image-pinned); and odd-controller-count counts
 * each cluster on its own: two clusters of 3 are not one of 6, so it says nothing.
 */
import * as docker from "@pulumi/docker";

const base = (tenant: string) => [
  `KAFKA_HOSTS=kafka-${tenant}:9092`, 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", `CONFIG_whisk_couchdb_host=couchdb-${tenant}`, "CONFIG_whisk_couchdb_port=5984",
  `CONFIG_whisk_couchdb_username=${tenant}`, `CONFIG_whisk_couchdb_password=${tenant}-pw`,
  `CONFIG_whisk_couchdb_databases_WhiskAuth=${tenant}_s`, `CONFIG_whisk_couchdb_databases_WhiskEntity=${tenant}_w`, `CONFIG_whisk_couchdb_databases_WhiskActivation=${tenant}_a`,
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_activeStrategy=keep-majority",
];
const tenants = [
  { name: "north", subnet: "172.45.0.0/24", ips: ["172.45.0.10", "172.45.0.11", "172.45.0.12"] },
  { name: "south", subnet: "172.46.0.0/24", ips: ["172.46.0.10", "172.46.0.11", "172.46.0.12"] },
];
for (const t of tenants) {
  const net = new docker.Network(`plover-${t.name}`, { name: `plover-${t.name}`, ipamConfigs: [{ subnet: t.subnet }] });
  t.ips.forEach((ip, i) =>
    new docker.Container(`plover-${t.name}-${i}`, {
      name: `plover-${t.name}-${i}`,
      image: "openwhisk/controller:nightly",
      command: ["/init.sh", `${i}`],
      labels: [{ label: "openwhisk.environment", value: "staging" }],
      networksAdvanced: [{ name: net.name, ipv4Address: ip }],
      envs: [
        ...base(t.name),
        "CONFIG_pekko_actor_provider=cluster",
        `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
        "CONFIG_pekko_remote_artery_canonical_port=2551",
        "CONFIG_pekko_remote_artery_bind_port=2551",
        ...t.ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      ],
    }),
  );
}
