/**
 * family: builds
 * expect: pass
 * Team "basalt" still runs the seed document's build (Oct 2017): AKKA_* names, a space-separated seed
 * list, auto-down, WhiskConfig env names, controller/bin/controller <i>.
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("basalt", { name: "basalt", ipamConfigs: [{ subnet: "172.21.0.0/24" }] });
const ips = ["172.21.0.10", "172.21.0.11", "172.21.0.12"];
const common = [
  "PORT=8080", "WHISK_VERSION_DATE=2017-10-17", "WHISK_VERSION_BUILDNO=latest",
  "KAFKA_HOST=kafka", "KAFKA_HOST_PORT=9092",
  "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=couchdb", "DB_PORT=5984", "DB_USERNAME=basalt", "DB_PASSWORD=basalt-pw",
  "DB_WHISK_ACTIONS=basalt_whisks", "DB_WHISK_AUTHS=basalt_subjects", "DB_WHISK_ACTIVATIONS=basalt_activations",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM=5000",
  "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONTROLLER_BLACKBOXFRACTION=0.10", "LOADBALANCER_INVOKERBUSYTHRESHOLD=16", "CONTROLLER_LOCALBOOKKEEPING=false",
  'RUNTIMES_MANIFEST={"runtimes":{}}',
  "AKKA_ACTOR_PROVIDER=cluster",
  `AKKA_CLUSTER_SEED_NODES=${ips.map((ip) => `${ip}:2551`).join(" ")}`,
  "AKKA_CLUSTER_PORT=2551",
  "AKKA_CLUSTER_BIND_PORT=2551",
  "AUTO_DOWN_UNREACHABLE_AFTER=10s",
  `CONTROLLER_INSTANCES=${ips.length}`,
];
ips.forEach((ip, i) =>
  new docker.Container(`basalt-controller${i}`, {
    name: `basalt-controller${i}`,
    hostname: `controller${i}`,
    image: "openwhisk/controller:2017-10-17",
    command: ["/bin/sh", "-c", `export CONTAINER_IP=$(hostname -i); exec /controller/bin/controller ${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [...common, `AKKA_CLUSTER_HOST=${ip}`],
  }),
);
new docker.Container("basalt-invoker0", {
  name: "basalt-invoker0",
  image: "openwhisk/invoker:2017-10-17",
  command: ["/bin/sh", "-c", "exec /invoker/bin/invoker 0"],
  privileged: true,
  networksAdvanced: [{ name: net.name }],
  envs: [
    "INVOKER_USE_RUNC=false", "KAFKA_HOST=kafka", "KAFKA_HOST_PORT=9092",
    "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=couchdb", "DB_PORT=5984", "DB_USERNAME=basalt", "DB_PASSWORD=basalt-pw",
    "DB_WHISK_ACTIONS=basalt_whisks", "DB_WHISK_ACTIVATIONS=basalt_activations", "WHISK_API_HOST_NAME=edge",
    'RUNTIMES_MANIFEST={"runtimes":{}}', "DOCKER_REGISTRY=", "DOCKER_IMAGE_PREFIX=openwhisk", "INVOKER_CONTAINER_NETWORK=bridge",
  ],
});
