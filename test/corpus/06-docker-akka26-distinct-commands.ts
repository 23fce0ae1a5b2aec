/**
 * family: instance identity
 * expect: pass
 * Team "fjord" (2.0.0) runs two controllers as instances 0 and 1, downed manually over authenticated JMX.
 */
import * as docker from "@pulumi/docker";

const fjordNet = new docker.Network("fjord", { name: "fjord", ipamConfigs: [{ subnet: "172.25.9.0/24" }] });
const peers = ["fjord0", "fjord1"];
const base = [
  "KAFKA_HOSTS=kafka.fjord:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couch.fjord", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=fjord", "CONFIG_whisk_couchdb_password=fj0rd",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=f_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=f_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=f_activations",
  "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_akka_actor_provider=cluster",
  ...peers.map((p, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${p}:25520`),
];
peers.forEach((p, i) => {
  new docker.Container(p, {
    name: p,
    hostname: p,
    image: "openwhisk/controller:2.0.0",
    command: ["/bin/sh", "-c", `exec /init.sh ${i}`],
    networksAdvanced: [{ name: fjordNet.name, ipv4Address: `172.25.9.${20 + i}`, aliases: [p] }],
    envs: [
      ...base,
      `CONFIG_akka_remote_artery_canonical_hostname=${p}`,
      "CONFIG_akka_remote_artery_canonical_port=25520",
      "CONFIG_akka_remote_artery_bind_port=25520",
      "CONTROLLER_OPTS=-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.rmi.port=9011 -Dcom.sun.management.jmxremote.authenticate=true -Dcom.sun.management.jmxremote.password.file=/home/owuser/jmxremote.password",
    ],
  });
});
