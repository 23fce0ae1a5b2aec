/**
 * family: values filled in at boot
 * expect: pass
 * Team "puffin" (1.0.0, Akka 2.5) puts each controller on a network interface with a fixed private IP and
 * lets the boot script write the advertised hostname from the instance metadata (`local-ipv4`, the
 * primary interface's address, i.e. that fixed IP) into the env file. The value is only known on the
 * host; the key is written, so the controller does advertise an address, and its interface is static.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("puffin", { cidrBlock: "10.107.0.0/16" });
const subnet = new aws.ec2.Subnet("puffin-1", { vpcId: vpc.id, cidrBlock: "10.107.1.0/24" });
const sg = new aws.ec2.SecurityGroup("puffin", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.107.1.10", "10.107.1.11", "10.107.1.12"];
const env = (ip: string) => [
  "KAFKA_HOSTS=10.107.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.107.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=puffin", "CONFIG_whisk_couchdb_password=puffin-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=puffin_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=puffin_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=puffin_a",
  "CONFIG_whisk_info_buildNo=1.0.0", "CONFIG_whisk_info_date=2026-01-01",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  "CONFIG_akka_actor_provider=cluster", "CONFIG_akka_remote_netty_tcp_port=2551", "CONFIG_akka_remote_netty_tcp_bindPort=2551",
  ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka.tcp://controller-actor-system@${s}:2551`),
  "CONFIG_akka_cluster_autoDownUnreachableAfter=20s",
];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`puffin-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`puffin-${i}`, {
    ami: "ami-0eeeeeeeeeeeeeeee",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/puffin/controller.env", "    content: |", ...env(ip).map((l) => `      ${l}`),
      "runcmd:",
      "  - IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4) && echo \"CONFIG_akka_remote_netty_tcp_hostname=$IP\" >> /etc/puffin/controller.env",
      `  - docker run -d --network host --restart always --env-file /etc/puffin/controller.env openwhisk/controller:1.0.0 /init.sh ${i}`].join("\n"),
    tags: { Name: `puffin-${i}` },
  });
});
