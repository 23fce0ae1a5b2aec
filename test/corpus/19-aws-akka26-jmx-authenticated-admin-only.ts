/**
 * family: jmx exposure
 * expect: pass
 * Team "sable" (2.0.0): two controllers, manual downing over authenticated JMX, JMX and RMI ports open to
 * the admin network only.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("sable", { cidrBlock: "10.18.0.0/16" });
const subnet = new aws.ec2.Subnet("sable-1", { vpcId: vpc.id, cidrBlock: "10.18.1.0/24" });
const sg = new aws.ec2.SecurityGroup("sable", {
  vpcId: vpc.id,
  ingress: [
    { protocol: "tcp", fromPort: 25520, toPort: 25520, self: true },
    { protocol: "tcp", fromPort: 9010, toPort: 9011, cidrBlocks: ["10.18.200.0/24"] },
  ],
});
const ips = ["10.18.1.20", "10.18.1.21"];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`sable-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = [
    "CONFIG_akka_actor_provider=cluster",
    `CONFIG_akka_remote_artery_canonical_hostname=${ip}`,
    "CONFIG_akka_remote_artery_canonical_port=25520",
    "CONFIG_akka_remote_artery_bind_port=25520",
    ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${s}:25520`),
    "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    `CONTROLLER_OPTS=-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.rmi.port=9011 -Dcom.sun.management.jmxremote.authenticate=true -Djava.rmi.server.hostname=${ip}`,
    "KAFKA_HOSTS=10.18.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.18.1.5", "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=sable", "CONFIG_whisk_couchdb_password=s4ble",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=s_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=s_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=s_a",
    "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
    "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  ];
  new aws.ec2.Instance(`sable-controller-${i}`, {
    ami: "ami-02222222222222222",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#!/bin/sh\ndocker run -d ${env.map((e) => `-e '${e}'`).join(" ")} -p 25520:25520 -p 9010:9010 -p 9011:9011 openwhisk/controller:2.0.0 /init.sh ${i}\n`,
    tags: { Name: `sable-controller-${i}` },
  });
});
