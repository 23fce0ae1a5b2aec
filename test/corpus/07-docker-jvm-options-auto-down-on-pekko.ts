/**
 * family: env carried elsewhere
 * expect: reject downing-keys-match-build, manual-downing-endpoint
 * Team "gale" sets its cluster through JVM options in JAVA_OPTS, including Akka 2.5's auto-down, which
 * Pekko removed: the controllers have no downing at all.
 */
import * as docker from "@pulumi/docker";

const galeNet = new docker.Network("gale", { name: "gale", ipamConfigs: [{ subnet: "172.26.0.0/24" }] });
const members = ["172.26.0.10", "172.26.0.11", "172.26.0.12"];
members.forEach((ip, i) => {
  const opts = [
    "-Xmx2g",
    "-Dpekko.actor.provider=cluster",
    `-Dpekko.remote.artery.canonical.hostname=${ip}`,
    "-Dpekko.remote.artery.canonical.port=2551",
    "-Dpekko.remote.artery.bind.port=2551",
    ...members.map((m, j) => `-Dpekko.cluster.seed-nodes.${j}=pekko://controller-actor-system@${m}:2551`),
    "-Dpekko.cluster.auto-down-unreachable-after=10s",
    "-Dwhisk.spi.LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "-Dwhisk.spi.EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    "-Dwhisk.info.build-no=nightly",
    "-Dwhisk.info.date=2026-08-05",
  ].join(" ");
  new docker.Container(`gale-${i}`, {
    name: `gale-${i}`,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", String(i)],
    networksAdvanced: [{ name: galeNet.name, ipv4Address: ip }],
    envs: [
      `JAVA_OPTS=${opts}`,
      "KAFKA_HOSTS=kafka:9092",
      'RUNTIMES_MANIFEST={"runtimes":{}}',
      "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
      "CONFIG_whisk_couchdb_username=gale", "CONFIG_whisk_couchdb_password=ga1e",
      "CONFIG_whisk_couchdb_databases_WhiskAuth=g_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=g_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=g_activations",
      "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
    ],
  });
});
