/**
 * family: values filled in at boot
 * expect: pass
 * Team "smew" (master) lets each controller find its own address when it starts, as upstream's own
 * init.sh does for the bind host (core/controller/init.sh at 1fae641: `$(hostname -i)`): the container's
 * command is `sh -c "export CONFIG_pekko_remote_artery_canonical_hostname=$(hostname -i); exec /init.sh
 * <i>"`. On a user-defined network with a fixed ipv4Address that is the fixed address. Static-quorum with
 * quorum-size 2 of 3 as a -D option in CONTROLLER_OPTS.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("smew", { name: "smew", ipamConfigs: [{ subnet: "172.51.0.0/24" }] });
const ips = ["172.51.0.10", "172.51.0.11", "172.51.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=smew", "CONFIG_whisk_couchdb_password=smew-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=smew_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=smew_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=smew_a",
  "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_pekko_cluster_splitBrainResolver_stableAfter=20s",
];
const image = (i: number) => "openwhisk/controller:1fae641";
const extra = (i: number): string[] => [`CONTROLLER_OPTS=-Dpekko.cluster.split-brain-resolver.active-strategy=static-quorum -Dpekko.cluster.split-brain-resolver.static-quorum.quorum-size=2`];
ips.forEach((ip, i) =>
  new docker.Container(`smew${i}`, {
    name: `smew${i}`,
    image: image(i),
    command: ["/bin/sh", "-c", `export CONFIG_pekko_remote_artery_canonical_hostname=$(hostname -i); exec /init.sh ${i}`],
    labels: [],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      ...extra(i),
    ],
  }),
);
