/**
 * family: jmx exposure
 * expect: reject cluster-ports-private
 * Team "quartz" downs members over authenticated JMX on 9010 (admin network only) but set the RMI port
 * explicitly to 9999 and opened that one to the whole internet.
 */
import * as aws from "@pulumi/aws";

const startup = [
  "KAFKA_HOSTS=kafka:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=couchdb", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=quartz", "CONFIG_whisk_couchdb_password=quartz-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=quartz_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=quartz_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=quartz_activations",
  "CONFIG_whisk_info_buildNo=nightly", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
];
const vpc = new aws.ec2.Vpc("quartz", { cidrBlock: "10.17.0.0/16" });
const subnet = new aws.ec2.Subnet("quartz-1", { vpcId: vpc.id, cidrBlock: "10.17.1.0/24" });
const sg = new aws.ec2.SecurityGroup("quartz-controllers", {
  vpcId: vpc.id,
  ingress: [
    { protocol: "tcp", fromPort: 2551, toPort: 2551, self: true },
    { protocol: "tcp", fromPort: 9010, toPort: 9010, cidrBlocks: ["10.17.0.0/16"] },
    { protocol: "tcp", fromPort: 9999, toPort: 9999, cidrBlocks: ["0.0.0.0/0"] },
  ],
});
const ips = ["10.17.1.10", "10.17.1.11"];
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`quartz-eni${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const env = [
    ...startup,
    "CONFIG_pekko_actor_provider=cluster",
    `CONFIG_pekko_remote_artery_canonical_hostname=${ip}`,
    "CONFIG_pekko_remote_artery_canonical_port=2551",
    "CONFIG_pekko_remote_artery_bind_port=2551",
    ...ips.map((s, j) => `CONFIG_pekko_cluster_seedNodes_${j}=pekko://controller-actor-system@${s}:2551`),
    `CONTROLLER_OPTS=-Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.rmi.port=9999 -Dcom.sun.management.jmxremote.authenticate=true -Djava.rmi.server.hostname=${ip}`,
  ];
  new aws.ec2.Instance(`quartz-controller${i}`, {
    ami: "ami-01111111111111111",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: ["#cloud-config", "write_files:", "  - path: /etc/quartz.env", "    content: |", ...env.map((l) => `      ${l}`), "runcmd:", `  - docker run -d --env-file /etc/quartz.env --network host openwhisk/controller:nightly /init.sh ${i}`].join("\n"),
    tags: { Name: `quartz-controller${i}` },
  });
});
