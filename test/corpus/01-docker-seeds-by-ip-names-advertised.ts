/**
 * family: seed host form
 * expect: reject seed-nodes-static
 * Team "atlas": pekko controllers advertise their container names, but the seeds list them by IP.
 * Pekko compares the seed address with the advertised one exactly, so the cluster never forms.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("atlas-net", { name: "atlas", ipamConfigs: [{ subnet: "10.77.0.0/24" }] });
const members = [
  { name: "atlas-ctl-a", ip: "10.77.0.21" },
  { name: "atlas-ctl-b", ip: "10.77.0.22" },
  { name: "atlas-ctl-c", ip: "10.77.0.23" },
];
const boot = [
  "KAFKA_HOSTS=kafka.atlas:9092", "RUNTIMES_MANIFEST={\"runtimes\":{}}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=db.atlas", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=atlas", "CONFIG_whisk_couchdb_password=atlas-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=atlas_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=atlas_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=atlas_activations",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-09-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=120", "LIMITS_ACTIONS_INVOKES_CONCURRENT=50", "LIMITS_TRIGGERS_FIRES_PERMINUTE=120", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_activeStrategy=keep-majority",
];
members.forEach((m, i) => {
  new docker.Container(m.name, {
    name: m.name,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: m.ip, aliases: [m.name] }],
    envs: [
      ...boot,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${m.name}`,
      "CONFIG_pekko_remote_artery_canonical_port=2552",
      "CONFIG_pekko_remote_artery_bind_port=2552",
      ...members.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s.ip}:2552`),
    ],
  });
});
