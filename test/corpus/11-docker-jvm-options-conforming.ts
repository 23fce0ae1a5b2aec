/**
 * family: env carried elsewhere
 * expect: pass
 * Team "kilo" (master) gives every cluster setting as -D options in CONTROLLER_OPTS, correctly.
 */
import * as docker from "@pulumi/docker";

const kiloNet = new docker.Network("kilo", { name: "kilo", ipamConfigs: [{ subnet: "172.27.3.0/24" }] });
const ctl = [{ n: "kilo-a", ip: "172.27.3.5" }, { n: "kilo-b", ip: "172.27.3.6" }, { n: "kilo-c", ip: "172.27.3.7" }];
ctl.forEach((c, i) => {
  const d = [
    "-Dpekko.actor.provider=cluster",
    `-Dpekko.remote.artery.canonical.hostname=${c.ip}`,
    "-Dpekko.remote.artery.canonical.port=2551",
    "-Dpekko.remote.artery.bind.port=2551",
    ...ctl.map((s, j) => `-Dpekko.cluster.seed-nodes.${j}=pekko://controller-actor-system@${s.ip}:2551`),
    "-Dpekko.cluster.downing-provider-class=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    "-Dpekko.cluster.split-brain-resolver.active-strategy=keep-majority",
    "-Dwhisk.spi.LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "-Dwhisk.spi.EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    "-Dwhisk.info.build-no=kilo-3",
    "-Dwhisk.info.date=2026-07-01",
  ];
  new docker.Container(c.n, {
    name: c.n,
    image: "openwhisk/controller:nightly",
    command: ["/bin/sh", "-c", `exec /init.sh ${i}`],
    networksAdvanced: [{ name: kiloNet.name, ipv4Address: c.ip }],
    envs: [
      `CONTROLLER_OPTS=${d.join(" ")}`,
      "KAFKA_HOSTS=kafka:9092",
      'RUNTIMES_MANIFEST={"runtimes":{}}',
      "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
      "CONFIG_whisk_couchdb_username=kilo", "CONFIG_whisk_couchdb_password=k1lo",
      "CONFIG_whisk_couchdb_databases_WhiskAuth=k_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=k_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=k_activations",
      "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
    ],
  });
});
