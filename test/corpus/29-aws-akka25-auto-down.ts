/**
 * family: builds
 * expect: pass
 * Team "cedar" (1.0.0, Akka 2.5): three controllers with auto-down, seeds on Elastic IPs' interfaces,
 * advertised by private IP, and a runc-off invoker with its build's key.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("cedar", { cidrBlock: "10.21.0.0/16" });
const subnet = new aws.ec2.Subnet("cedar-1", { vpcId: vpc.id, cidrBlock: "10.21.1.0/24" });
const sg = new aws.ec2.SecurityGroup("cedar", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.21.1.10", "10.21.1.11", "10.21.1.12"];
const base = [
  "KAFKA_HOSTS=10.21.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.21.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=cedar", "CONFIG_whisk_couchdb_password=cedar-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=cedar_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=cedar_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=cedar_a",
  "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`cedar-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Eip(`cedar-${i}`, { domain: "vpc", networkInterface: eni.id, associateWithPrivateIp: ip });
  const env = [
    ...base,
    "CONFIG_akka_actor_provider=cluster",
    `CONFIG_akka_remote_netty_tcp_hostname=${ip}`,
    "CONFIG_akka_remote_netty_tcp_port=2551",
    "CONFIG_akka_remote_netty_tcp_bindPort=2551",
    ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
    "CONFIG_akka_cluster_autoDownUnreachableAfter=20s",
  ];
  new aws.ec2.Instance(`cedar-controller${i}`, {
    ami: "ami-08888888888888888",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/cedar/c.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/cedar/c.env -p 2551:2551 openwhisk/controller:1.0.0 /init.sh ${i}`].join("\n"),
    tags: { Name: `cedar-controller${i}` },
  });
});
new aws.ec2.Instance("cedar-invoker0", {
  ami: "ami-08888888888888888",
  instanceType: "m5.xlarge",
  subnetId: subnet.id,
  userData: ["#cloud-config", "write_files:", "  - path: /etc/cedar/i.env", "    content: |",
    ...["CONFIG_whisk_docker_containerFactory_useRunc=false", "KAFKA_HOSTS=10.21.1.5:9092", "ZOOKEEPER_HOSTS=10.21.1.5:2181", "WHISK_API_HOST_NAME=api.cedar.io",
      'RUNTIMES_MANIFEST={"runtimes":{}}', "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.21.1.5",
      "CONFIG_whisk_couchdb_port=5984", "CONFIG_whisk_couchdb_username=cedar", "CONFIG_whisk_couchdb_password=cedar-pw",
      "CONFIG_whisk_couchdb_databases_WhiskAuth=cedar_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=cedar_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=cedar_a"].map((l) => `      ${l}`),
    "runcmd:", "  - docker run -d --privileged --env-file /etc/cedar/i.env openwhisk/invoker:1.0.0 /init.sh --id 0 --uniqueName 0"].join("\n"),
  tags: { Name: "cedar-invoker0" },
});
