/**
 * family: split-brain resolver settings
 * expect: reject split-brain-resolver-valid
 * Team "lark" (2.0.0, Akka 2.6) runs four controllers with static-quorum and quorum-size 2, all of it as
 * -D options in JAVA_OPTS with shell quoting (the start script hands JAVA_OPTS to `eval set --`:
 * core/controller/init.sh at 2.0.0 ends in the Gradle start script). A quorum of half the cluster lets
 * both halves of a 2 + 2 split keep running: split brain.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("lark", { name: "lark", ipamConfigs: [{ subnet: "172.44.0.0/24" }] });
const ips = ["172.44.0.10", "172.44.0.11", "172.44.0.12", "172.44.0.13"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=lark", "CONFIG_whisk_couchdb_password=lark-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=lark_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=lark_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=lark_a",
  "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
const javaOpts = [
  "-Xmx1g",
  '"-Dakka.cluster.downing-provider-class=akka.cluster.sbr.SplitBrainResolverProvider"',
  "-Dakka.cluster.split-brain-resolver.active-strategy='static-quorum'",
  '-Dakka.cluster.split-brain-resolver.static-quorum.quorum-size="2"',
  "-Dakka.cluster.split-brain-resolver.stable-after=20s",
].join(" ");
ips.forEach((ip, i) =>
  new docker.Container(`lark${i}`, {
    name: `lark${i}`,
    image: "openwhisk/controller:2.0.0",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_akka_actor_provider=cluster",
      `CONFIG_akka_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_akka_remote_artery_canonical_port=2551",
      "CONFIG_akka_remote_artery_bind_port=2551",
      ...ips.slice(0, 3).map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${s}:2551`),
      `JAVA_OPTS=${javaOpts}`,
    ],
  }),
);
