/**
 * family: shell words
 * expect: pass
 * Team "grebe" still runs the October 2017 build and sets its Akka settings as -D options in JAVA_OPTS
 * (quoted as the Gradle start script's `eval set --` splits them): the advertised host, the ports and
 * auto-down. Its application.conf reads those settings from AKKA_* variables
 * (core/controller/src/main/resources/application.conf at febde0042: `hostname = ${?AKKA_CLUSTER_HOST}`,
 * `auto-down-unreachable-after = ${?AUTO_DOWN_UNREACHABLE_AFTER}`), and a JVM system property overrides
 * the file: the options work. The seed list stays in AKKA_CLUSTER_SEED_NODES (WhiskConfig reads it).
 */
import * as docker from "@pulumi/docker";

const net = new docker.Network("grebe", { name: "grebe", ipamConfigs: [{ subnet: "172.50.0.0/24" }] });
const ips = ["172.50.0.10", "172.50.0.11", "172.50.0.12"];
const common = [
  "PORT=8080", "WHISK_VERSION_DATE=2017-10-17", "WHISK_VERSION_BUILDNO=latest",
  "KAFKA_HOST=kafka", "KAFKA_HOST_PORT=9092",
  "DB_PROVIDER=CouchDB", "DB_PROTOCOL=http", "DB_HOST=couchdb", "DB_PORT=5984", "DB_USERNAME=grebe", "DB_PASSWORD=grebe-pw",
  "DB_WHISK_ACTIONS=grebe_whisks", "DB_WHISK_AUTHS=grebe_subjects", "DB_WHISK_ACTIVATIONS=grebe_activations",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM=5000",
  "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONTROLLER_BLACKBOXFRACTION=0.10", "LOADBALANCER_INVOKERBUSYTHRESHOLD=16", "CONTROLLER_LOCALBOOKKEEPING=false",
  'RUNTIMES_MANIFEST={"runtimes":{}}',
  "AKKA_ACTOR_PROVIDER=cluster",
  `AKKA_CLUSTER_SEED_NODES=${ips.map((ip) => `${ip}:2551`).join(" ")}`,
  `CONTROLLER_INSTANCES=${ips.length}`,
];
ips.forEach((ip, i) =>
  new docker.Container(`grebe-controller${i}`, {
    name: `grebe-controller${i}`,
    hostname: `controller${i}`,
    image: "openwhisk/controller:2017-10-17",
    command: ["/bin/sh", "-c", `export CONTAINER_IP=$(hostname -i); exec /controller/bin/controller ${i}`],
    networksAdvanced: [{ name: net.name, ipv4Address: ip }],
    envs: [
      ...common,
      `JAVA_OPTS=-Xmx1g '-Dakka.remote.netty.tcp.hostname=${ip}' -Dakka.remote.netty.tcp.port=2551 -Dakka.remote.netty.tcp.bind-port="2551" -Dakka.cluster.auto-down-unreachable-after=10s`,
    ],
  }),
);
