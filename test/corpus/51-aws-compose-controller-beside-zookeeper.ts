/**
 * family: multi-service compose
 * expect: pass
 * Team "heron" (1.0.0, Akka 2.5) runs each controller in one compose file with the host's ZooKeeper, Kafka
 * and nginx. ZooKeeper's own JAVA_OPTS opens its JMX without authentication on the private network
 * (that is ZooKeeper's business, not a controller's); the controllers set auto-down (Akka 2.5 reads
 * `auto-down-unreachable-after`: common/scala/src/main/resources/application.conf at 1.0.0 names
 * akka.cluster) and no JMX at all. Each service is judged on its own env: ZooKeeper's JAVA_OPTS is not
 * the controller's.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("heron", { cidrBlock: "10.97.0.0/16" });
const subnet = new aws.ec2.Subnet("heron-1", { vpcId: vpc.id, cidrBlock: "10.97.1.0/24" });
const sg = new aws.ec2.SecurityGroup("heron", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.97.1.10", "10.97.1.11", "10.97.1.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
const controller = (i: number): Record<string, string> => ({
  KAFKA_HOSTS: "kafka:9092", RUNTIMES_MANIFEST: '{"runtimes":{}}',
  CONFIG_whisk_couchdb_provider: "CouchDB", CONFIG_whisk_couchdb_protocol: "http", CONFIG_whisk_couchdb_host: "10.97.1.5", CONFIG_whisk_couchdb_port: "5984",
  CONFIG_whisk_couchdb_username: "heron", CONFIG_whisk_couchdb_password: "heron-pw",
  CONFIG_whisk_couchdb_databases_WhiskAuth: "heron_s", CONFIG_whisk_couchdb_databases_WhiskEntity: "heron_w", CONFIG_whisk_couchdb_databases_WhiskActivation: "heron_a",
  CONFIG_whisk_info_buildNo: "1.0.0", CONFIG_whisk_info_date: "2026-01-01",
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60", LIMITS_ACTIONS_INVOKES_CONCURRENT: "30", LIMITS_TRIGGERS_FIRES_PERMINUTE: "60", LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
  CONFIG_whisk_spi_LoadBalancerProvider: "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  CONFIG_whisk_spi_EntitlementSpiProvider: "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  CONFIG_akka_actor_provider: "cluster",
  CONFIG_akka_remote_netty_tcp_hostname: ips[i],
  CONFIG_akka_remote_netty_tcp_port: "2551",
  CONFIG_akka_remote_netty_tcp_bindPort: "2551",
  ...Object.fromEntries(ips.map((s, j) => [`CONFIG_akka_cluster_seedNodes_${j}`, `akka.tcp://controller-actor-system@${s}:2551`])),
  CONFIG_akka_cluster_autoDownUnreachableAfter: "20s",
});
const compose = (i: number) => [
  "services:",
  "  zookeeper:",
  "    image: zookeeper:3.8",
  "    environment:",
  "      ZOO_MY_ID: '1'",
  '      JAVA_OPTS: "-Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"',
  "  kafka:",
  "    image: bitnami/kafka:3.7",
  "    environment: [ KAFKA_CFG_ZOOKEEPER_CONNECT=zookeeper:2181, KAFKA_HEAP_OPTS=-Xmx1g ]",
  "  nginx:",
  "    image: nginx:1.27",
  "  controller:",
  "    image: openwhisk/controller:1.0.0",
  `    command: /init.sh ${i}`,
  "    network_mode: host",
  "    environment:",
  ...Object.entries(controller(i)).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
].join("\n");

ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`heron-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`heron-${i}`, {
    ami: "ami-08888888888888888",
    instanceType: "m5.xlarge",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#cloud-config\nwrite_files:\n  - path: /opt/heron/compose.yaml\n    content: |\n${indent(compose(i), "      ")}\nruncmd:\n  - docker compose -f /opt/heron/compose.yaml up -d\n`,
    tags: { Name: `heron-${i}` },
  });
});
