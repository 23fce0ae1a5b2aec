/**
 * family: one cluster, one build
 * expect: reject production-controller-image-pinned, production-images-pinned
 * Team "osprey" (1.0.0, Akka 2.5) tags its hosts `openwhisk:environment = production` and starts its
 * controllers from `openwhisk/controller` with no tag, i.e. `latest`: a replaced controller pulls whatever
 * `latest` is that day, a build that may not rejoin the others. Production also pins every image by digest.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("osprey", { cidrBlock: "10.104.0.0/16" });
const subnet = new aws.ec2.Subnet("osprey-1", { vpcId: vpc.id, cidrBlock: "10.104.1.0/24" });
const sg = new aws.ec2.SecurityGroup("osprey", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.104.1.10", "10.104.1.11", "10.104.1.12"];
const env = (ip: string) => [
  "KAFKA_HOSTS=10.104.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.104.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=osprey", "CONFIG_whisk_couchdb_password=osprey-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=osprey_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=osprey_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=osprey_a",
  "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_akka_actor_provider=cluster", `CONFIG_akka_remote_netty_tcp_hostname=${ip}`,
  "CONFIG_akka_remote_netty_tcp_port=2551", "CONFIG_akka_remote_netty_tcp_bindPort=2551",
  ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
  "CONFIG_akka_cluster_autoDownUnreachableAfter=20s",
];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`osprey-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] }, { protect: true });
  new aws.ec2.Instance(`osprey-${i}`, {
    ami: "ami-0eeeeeeeeeeeeeeee",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/osprey/controller.env", "    content: |", ...env(ip).map((l) => `      ${l}`),
      "runcmd:", `  - docker run -d --network host --restart always --env-file /etc/osprey/controller.env openwhisk/controller /init.sh ${i}`].join("\n"),
    tags: { Name: `osprey-${i}`, "openwhisk:environment": "production" },
  });
});
