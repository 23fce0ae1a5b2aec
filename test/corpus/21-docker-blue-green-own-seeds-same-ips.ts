/**
 * family: addresses per network
 * expect: pass
 * Team "umber" runs blue and green on two docker networks that reuse the same addresses; each cluster
 * is seeded by its own controllers. Equal IPs on two isolated networks are two addresses.
 */
import * as docker from "@pulumi/docker";

const base: string[] = [
    'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB",
    "CONFIG_whisk_couchdb_protocol=http",
    "CONFIG_whisk_couchdb_host=couchdb",
    "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=umber",
    "CONFIG_whisk_couchdb_password=umber-pw",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=umber_subjects",
    "CONFIG_whisk_couchdb_databases_WhiskEntity=umber_whisks",
    "CONFIG_whisk_couchdb_databases_WhiskActivation=umber_activations",
    "CONFIG_whisk_info_buildNo=nightly",
    "CONFIG_whisk_info_date=2026-08-05",
    "LIMITS_ACTIONS_INVOKES_PERMINUTE=60",
    "LIMITS_ACTIONS_INVOKES_CONCURRENT=30",
    "LIMITS_TRIGGERS_FIRES_PERMINUTE=60",
    "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
    "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  ];
for (const colour of ["blue", "green"]) {
  const net = new docker.Network(`umber-${colour}`, { name: `umber-${colour}`, ipamConfigs: [{ subnet: "10.99.0.0/24" }] });
  const ips = ["10.99.0.10", "10.99.0.11", "10.99.0.12"];
  ips.forEach((ip, i) =>
    new docker.Container(`umber-${colour}-${i}`, {
      name: `umber-${colour}-${i}`,
      image: "openwhisk/controller:nightly",
      command: ["/init.sh", `${i}`],
      networksAdvanced: [{ name: net.name, ipv4Address: ip }],
      envs: [
        ...base,
        `CONFIG_whisk_cluster_name=umber-${colour}`,
        `KAFKA_HOSTS=kafka-${colour}:9092`,
        "CONFIG_pekko_actor_provider=cluster",
        `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
        "CONFIG_pekko_remote_artery_canonical_port=2551",
        "CONFIG_pekko_remote_artery_bind_port=2551",
        ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      ],
    }),
  );
}
