/**
 * family: http management
 * expect: reject manual-downing-endpoint
 * Team "vale" (2.0.0) planned to down members through Akka Management's HTTP API on 19999 and opened it
 * to the admin network. Stock images never serve it with static seeds: there is no downing at all.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("vale", { cidrBlock: "10.19.0.0/16" });
const subnet = new aws.ec2.Subnet("vale-1", { vpcId: vpc.id, cidrBlock: "10.19.1.0/24" });
const sg = new aws.ec2.SecurityGroup("vale", {
  vpcId: vpc.id,
  ingress: [
    { protocol: "tcp", fromPort: 25520, toPort: 25520, self: true },
    { protocol: "tcp", fromPort: 19999, toPort: 19999, cidrBlocks: ["10.19.200.0/24"] },
  ],
});
const ips = ["10.19.1.10", "10.19.1.11"];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`vale-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = [
    "CONFIG_akka_actor_provider=cluster",
    `CONFIG_akka_remote_artery_canonical_hostname=${ip}`,
    "CONFIG_akka_remote_artery_canonical_port=25520",
    "CONFIG_akka_remote_artery_bind_port=25520",
    ...ips.map((s, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${s}:25520`),
    `CONFIG_akka_management_http_hostname=${ip}`,
    "CONFIG_akka_management_http_port=19999",
    "CONFIG_akka_management_http_bindHostname=0.0.0.0",
    "CONFIG_akka_management_http_routeProvidersReadOnly=false",
    "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
    "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
    "KAFKA_HOSTS=10.19.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
    "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.19.1.5", "CONFIG_whisk_couchdb_port=5984",
    "CONFIG_whisk_couchdb_username=vale", "CONFIG_whisk_couchdb_password=v4le",
    "CONFIG_whisk_couchdb_databases_WhiskAuth=v_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=v_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=v_a",
    "CONFIG_whisk_info_buildNo=2.0.0", "CONFIG_whisk_info_date=2024-03-27",
    "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  ];
  new aws.ec2.Instance(`vale-${i}`, {
    ami: "ami-03333333333333333",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/vale/controller.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/vale/controller.env -p 25520:25520 -p 19999:19999 openwhisk/controller:2.0.0 /init.sh ${i}`].join("\n"),
    tags: { Name: `vale-${i}` },
  });
});
