/**
 * family: cross-cluster seeds
 * expect: reject seed-nodes-static
 * Team "tern" runs blue and green clusters side by side for a roll-out; green was seeded with blue's
 * controllers: it would join blue and share its balancer state.
 */
import * as docker from "@pulumi/docker";

// What every controller of the team needs to start.
const BASE_LINES: string[] = [
    'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB",
    "CONFIG_whisk_couchdb_protocol=http",
    "CONFIG_whisk_couchdb_host=couchdb",
    "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=tern",
    "CONFIG_whisk_couchdb_password=tern-pw",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=tern_subjects",
    "CONFIG_whisk_couchdb_databases_WhiskEntity=tern_whisks",
    "CONFIG_whisk_couchdb_databases_WhiskActivation=tern_activations",
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

const net = new docker.Network("tern", { name: "tern", ipamConfigs: [{ subnet: "172.23.0.0/24" }] });
const cluster = (colour: string, ips: string[], seeds: string[], kafka: string) =>
  ips.forEach((ip, i) =>
    new docker.Container(`${colour}-ctl${i}`, {
      name: `${colour}-ctl${i}`,
      image: "openwhisk/controller:nightly",
      command: ["/init.sh", `${i}`],
      networksAdvanced: [{ name: net.name, ipv4Address: ip }],
      envs: [
        ...(STARTUP_OF(colour, kafka)),
        "CONFIG_pekko_actor_provider=cluster",
        `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
        "CONFIG_pekko_remote_artery_canonical_port=2551",
        "CONFIG_pekko_remote_artery_bind_port=2551",
        ...seeds.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      ],
    }),
  );
const blue = ["172.23.0.10", "172.23.0.11", "172.23.0.12"];
const green = ["172.23.0.20", "172.23.0.21", "172.23.0.22"];
cluster("blue", blue, blue, "kafka-blue:9092");
cluster("green", green, blue, "kafka-green:9092");

function STARTUP_OF(colour: string, kafka: string): string[] {
  return [
    `CONFIG_whisk_cluster_name=${colour}`,
    `KAFKA_HOSTS=${kafka}`,
    ...BASE_LINES,
  ];
}

