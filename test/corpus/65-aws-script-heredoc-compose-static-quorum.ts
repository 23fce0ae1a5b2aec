/**
 * family: split-brain resolver settings
 * expect: reject split-brain-resolver-valid
 * Team "gull" (2.0.0, Akka 2.6) has plain shell user data that writes its docker-compose file with a
 * heredoc (`cat > docker-compose.yml <<EOF`, the advertised host expanded from the instance metadata),
 * with a controller and an invoker service. The controllers pick static-quorum but give no quorum size
 * (akka.cluster.split-brain-resolver.static-quorum.quorum-size), which that strategy needs at startup.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("gull", { cidrBlock: "10.109.0.0/16" });
const subnet = new aws.ec2.Subnet("gull-1", { vpcId: vpc.id, cidrBlock: "10.109.1.0/24" });
const sg = new aws.ec2.SecurityGroup("gull", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.109.1.10", "10.109.1.11", "10.109.1.12"];
const shared = [
  "KAFKA_HOSTS: 10.109.1.5:9092",
  "RUNTIMES_MANIFEST: '{}'",
  "CONFIG_whisk_couchdb_provider: CouchDB",
  "CONFIG_whisk_couchdb_protocol: http",
  "CONFIG_whisk_couchdb_host: 10.109.1.5",
  'CONFIG_whisk_couchdb_port: "5984"',
  "CONFIG_whisk_couchdb_username: gull",
  "CONFIG_whisk_couchdb_password: gull-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth: gull_s",
  "CONFIG_whisk_couchdb_databases_WhiskEntity: gull_w",
  "CONFIG_whisk_couchdb_databases_WhiskActivation: gull_a",
];
const script = (i: number) => [
  "#!/bin/bash",
  "set -euo pipefail",
  "IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)",
  "mkdir -p /opt/gull",
  "cat > /opt/gull/docker-compose.yml <<EOF",
  "services:",
  "  controller:",
  "    image: openwhisk/controller:2.0.0",
  `    command: /init.sh ${i}`,
  "    network_mode: host",
  "    environment:",
  ...shared.map((l) => `      ${l}`),
  "      CONFIG_akka_actor_provider: cluster",
  "      CONFIG_akka_remote_artery_canonical_hostname: $IP",
  '      CONFIG_akka_remote_artery_canonical_port: "2551"',
  '      CONFIG_akka_remote_artery_bind_port: "2551"',
  ...ips.map((s, j) => `      CONFIG_akka_cluster_seedNodes_${j}: akka://controller-actor-system@${s}:2551`),
  "      CONFIG_akka_cluster_downingProviderClass: akka.cluster.sbr.SplitBrainResolverProvider",
  "      CONFIG_akka_cluster_splitBrainResolver_activeStrategy: static-quorum",
  "      CONFIG_whisk_spi_LoadBalancerProvider: org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "      CONFIG_whisk_spi_EntitlementSpiProvider: org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  '      CONFIG_whisk_info_buildNo: "2.0.0"',
  '      CONFIG_whisk_info_date: "2024-03-27"',
  '      LIMITS_ACTIONS_INVOKES_PERMINUTE: "60"',
  '      LIMITS_ACTIONS_INVOKES_CONCURRENT: "30"',
  '      LIMITS_TRIGGERS_FIRES_PERMINUTE: "60"',
  '      LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50"',
  "  invoker:",
  "    image: openwhisk/invoker:2.0.0",
  `    command: ["/init.sh", "--id", "${i}"]`,
  "    privileged: true",
  "    environment:",
  ...shared.map((l) => `      ${l}`),
  '      CONFIG_whisk_docker_containerFactory_useRunc: "false"',
  "      WHISK_API_HOST_NAME: api.gull.example",
  "      CONFIG_whisk_spi_InvokerProvider: org.apache.openwhisk.core.invoker.InvokerReactive",
  "      CONFIG_whisk_spi_InvokerServerProvider: org.apache.openwhisk.core.invoker.DefaultInvokerServer",
  "EOF",
  "mkdir -p /etc/systemd/system/docker.service.d",
  "printf '[Service]\\nEnvironment=DOCKER_MIN_API_VERSION=1.42\\n' > /etc/systemd/system/docker.service.d/min-api.conf",
  "docker compose -f /opt/gull/docker-compose.yml up -d",
].join("\n");
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`gull-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`gull-${i}`, {
    ami: "ami-0dddddddddddddddd",
    instanceType: "m6i.xlarge",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: script(i),
    tags: { Name: `gull-${i}` },
  });
});
