/**
 * family: jmx exposure
 * expect: reject jmx-authenticated
 * Team "rune" downs members over JMX, with authentication off.
 */
import * as docker from "@pulumi/docker";

const startup = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=rune", "CONFIG_whisk_couchdb_password=rune-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=rune_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=rune_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=rune_activations",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
const net = new docker.Network("rune", { name: "rune", ipamConfigs: [{ subnet: "172.24.8.0/24" }] });
const ips = ["172.24.8.2", "172.24.8.3", "172.24.8.4"];
ips.forEach((ip, i) =>
  new docker.Container(`rune${i}`, {
    name: `rune${i}`,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...startup,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      "CONTROLLER_OPTS=-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false",
    ],
  }),
);
