/**
 * family: security group attachments
 * expect: pass
 * Team "zinc" (master) downs members manually over authenticated JMX; the supervisor's security group is
 * attached to the controllers' interfaces with NetworkInterfaceSecurityGroupAttachment.
 */
import * as aws from "@pulumi/aws";

const startup: string[] = [
  "KAFKA_HOSTS=10.0.0.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.0.0.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=zinc", "CONFIG_whisk_couchdb_password=zinc-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=zinc_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=zinc_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=zinc_a",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  ];
const vpc = new aws.ec2.Vpc("zinc", { cidrBlock: "10.0.0.0/16" });
const subnet = new aws.ec2.Subnet("zinc-a", { vpcId: vpc.id, cidrBlock: "10.0.3.0/24" });
const cluster = new aws.ec2.SecurityGroup("zinc-cluster", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const supervisor = new aws.ec2.SecurityGroup("zinc-supervisor", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 9010, toPort: 9011, cidrBlocks: ["10.0.250.0/24"] }] });
const ips = ["10.0.3.10", "10.0.3.11", "10.0.3.12"];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`zinc-eni${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [cluster.id] });
  new aws.ec2.NetworkInterfaceSecurityGroupAttachment(`zinc-supervisor-${i}`, { networkInterfaceId: eni.id, securityGroupId: supervisor.id });
  const env = [
    ...startup,
    "CONFIG_pekko_actor_provider=cluster",
    `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
    "CONFIG_pekko_remote_artery_canonical_port=2551",
    "CONFIG_pekko_remote_artery_bind_port=2551",
    ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    `CONTROLLER_OPTS=-Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.rmi.port=9011 -Dcom.sun.management.jmxremote.authenticate=true -Djava.rmi.server.hostname=${ip}`,
  ];
  new aws.ec2.Instance(`zinc-ctl${i}`, {
    ami: "ami-07777777777777777",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/zinc.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/zinc.env --network host openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
    tags: { Name: `zinc-ctl${i}` },
  });
});
