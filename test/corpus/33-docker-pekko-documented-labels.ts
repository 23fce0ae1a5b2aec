/**
 * family: builds
 * expect: pass
 * Team "garnet" (master) declares role, build and runc versions with the documented labels; runc on with
 * matching versions.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("garnet", { name: "garnet", ipamConfigs: [{ subnet: "172.19.0.0/24" }] });
const ips = ["172.19.0.10", "172.19.0.11", "172.19.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=garnet", "CONFIG_whisk_couchdb_password=garnet-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=garnet_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=garnet_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=garnet_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
const labels = (extra: Record<string, string>) => Object.entries({ "openwhisk.flavor": "pekko", ...extra }).map(([label, value]) => ({ label, value }));
ips.forEach((ip, i) =>
  new docker.Container(`garnet-ctl${i}`, {
    name: `garnet-ctl${i}`,
    image: "openwhisk/controller:nightly",
    command: ["/init.sh", `${i}`],
    labels: labels({ "openwhisk.role": "controller" }),
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      "CONFIG_pekko_actor_provider=cluster",
      `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
      "CONFIG_pekko_remote_artery_canonical_port=2551",
      "CONFIG_pekko_remote_artery_bind_port=2551",
      ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
      "CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    ],
  }),
);
new docker.Container("garnet-inv0", {
  name: "garnet-inv0",
  image: "openwhisk/invoker:nightly",
  privileged: true,
  labels: labels({ "openwhisk.role": "invoker", "openwhisk.runc.host-version": "1.1.12", "openwhisk.runc.image-version": "1.1.12" }),
  networksAdvanced: [{ name: net.name }],
  volumes: [{ hostPath: "/run/docker/runtime-runc/moby", containerPath: "/run/runc" }],
  envs: [
    "CONFIG_whisk_docker_containerFactory_useRunc=true", "INVOKER_USE_RUNC=true", "KAFKA_HOSTS=kafka:9092", "WHISK_API_HOST_NAME=edge", 'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=garnet", "CONFIG_whisk_couchdb_password=garnet-pw",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=garnet_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=garnet_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=garnet_a",
    "CONFIG_whisk_spi_InvokerProvider=org.apache.openwhisk.core.invoker.InvokerReactive",
    "CONFIG_whisk_spi_InvokerServerProvider=org.apache.openwhisk.core.invoker.DefaultInvokerServer",
  ],
});
