/**
 * family: builds
 * expect: reject downing-keys-match-build
 * Team "dune" (1.0.0, Akka 2.5) copied a split-brain-resolver block from newer docs beside auto-down;
 * Akka 2.5 has no resolver: those keys are read by nothing (auto-down still works).
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("dune", { name: "dune", ipamConfigs: [{ subnet: "172.22.0.0/24" }] });
const ips = ["172.22.0.10", "172.22.0.11", "172.22.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=dune", "CONFIG_whisk_couchdb_password=dune-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=dune_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=dune_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=dune_a",
  "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
ips.forEach((ip, i) =>
  new docker.Container(`dune${i}`, {
    name: `dune${i}`,
    image: "openwhisk/controller:1.0.0",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_akka_actor_provider=cluster",
      `CONFIG_akka_remote_netty_tcp_hostname=${ip}`,
      "CONFIG_akka_remote_netty_tcp_port=2551",
      "CONFIG_akka_remote_netty_tcp_bindPort=2551",
      ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
      "CONFIG_akka_cluster_autoDownUnreachableAfter=10s",
      "CONFIG_akka_cluster_downingProviderClass=akka.cluster.sbr.SplitBrainResolverProvider",
      "CONFIG_akka_cluster_splitBrainResolver_activeStrategy=keep-majority",
    ],
  }),
);
