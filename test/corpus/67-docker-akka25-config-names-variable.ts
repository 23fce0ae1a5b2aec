/**
 * family: env carried elsewhere
 * expect: pass
 * Team "eider" (1.0.0, Akka 2.5) gives each controller its address once, as MY_IP, and points the
 * cluster keys at it: `CONFIG_akka_remote_netty_tcp_hostname=$MY_IP`. The images' start script replaces a
 * CONFIG_ value that starts with `$` by the variable it names (common/scala/transformEnvironment.sh at
 * 1.0.0: `value2=${!varname}`), so each controller advertises its own fixed IP. An invoker runs beside
 * them with runc off in its build's key.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("eider", { name: "eider", ipamConfigs: [{ subnet: "172.48.0.0/24" }] });
const ips = ["172.48.0.10", "172.48.0.11", "172.48.0.12"];
const base = [
  "KAFKA_HOSTS=kafka:9092", "ZOOKEEPER_HOSTS=zookeeper:2181", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=eider", "CONFIG_whisk_couchdb_password=eider-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=eider_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=eider_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=eider_a",
];
ips.forEach((ip, i) =>
  new docker.Container(`eider${i}`, {
    name: `eider${i}`,
    image: "openwhisk/controller:1.0.0",
    command: ["/init.sh", `${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...base,
      `MY_IP=${ip}`,
      "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
      "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
      "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
      "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
      "CONFIG_akka_actor_provider=cluster",
      "CONFIG_akka_remote_netty_tcp_hostname=$MY_IP",
      "CONFIG_akka_remote_netty_tcp_port=2551",
      "CONFIG_akka_remote_netty_tcp_bindPort=2551",
      ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
      "CONFIG_akka_cluster_autoDownUnreachableAfter=20s",
    ],
  }),
);
new docker.Container("eider-invoker0", {
  name: "eider-invoker0",
  image: "openwhisk/invoker:1.0.0",
  command: ["/init.sh", "--id", "0"],
  privileged: true,
  networksAdvanced: [{ name: net.name }],
  envs: [...base, "CONFIG_whisk_docker_containerFactory_useRunc=false", "WHISK_API_HOST_NAME=edge"],
});
