/**
 * family: bare stack-file keys
 * expect: reject production-controller-image-pinned, production-images-pinned
 * config: stacks/Pulumi.eu-west.yaml
 * Team "shag" writes its stack file by hand with bare keys (`environment: production`, `controllerImage:`
 * without the `openwhisk:` namespace). Pulumi's stack-file loader puts a bare key in the project's
 * namespace (pulumi/pulumi sdk/go/common/workspace/loaders.go), so the program's `new pulumi.Config()`
 * reads them: this is a production cluster on the moving nightly tag, not the pinned staging default.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const environment = config.get("environment") ?? "staging";
const image = config.get("controllerImage") ?? "openwhisk/controller@sha256:4d2f7a0c9b1e3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a";
const count = config.getNumber("controllers") ?? 3;

const net = new docker.Network("shag", { name: "shag", ipamConfigs: [{ subnet: "172.49.0.0/24" }] });
const ips = Array.from({ length: count }, (_, i) => `172.49.0.${10 + i}`);
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=shag", "CONFIG_whisk_couchdb_password=shag-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=shag_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=shag_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=shag_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
];
ips.forEach((ip, i) =>
  new docker.Container(`shag${i}`, {
    name: `shag${i}`,
    image,
    command: ["/init.sh", `${i}`],
    labels: [{ label: "openwhisk.environment", value: environment }],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    ],
  }),
);
