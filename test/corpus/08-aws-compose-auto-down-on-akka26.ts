/**
 * family: env carried elsewhere
 * expect: reject downing-keys-match-build, manual-downing-endpoint
 * Team "harbor" (2.0.0) writes a docker-compose file from user data; its environment sets auto-down,
 * which Akka 2.6 no longer has.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("harbor", { cidrBlock: "10.81.0.0/16" });
const subnet = new aws.ec2.Subnet("harbor-1", { vpcId: vpc.id, cidrBlock: "10.81.1.0/24" });
const sg = new aws.ec2.SecurityGroup("harbor-ctl", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.81.1.21", "10.81.1.22", "10.81.1.23"];

const compose = (i: number) => `services:
  controller:
    image: openwhisk/controller:2.0.0
    command: ["/init.sh", "${i}"]
    ports: ["2551:2551"]
    environment:
      CONFIG_akka_actor_provider: cluster
      CONFIG_akka_remote_artery_canonical_hostname: ${ips[i]}
      CONFIG_akka_remote_artery_canonical_port: "2551"
      CONFIG_akka_remote_artery_bind_port: "2551"
${ips.map((ip, j) => `      CONFIG_akka_cluster_seedNodes_${j}: akka://controller-actor-system@${ip}:2551`).join("\n")}
      CONFIG_akka_cluster_autoDownUnreachableAfter: 15s
      CONFIG_whisk_spi_LoadBalancerProvider: org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer
      CONFIG_whisk_spi_EntitlementSpiProvider: org.apache.openwhisk.core.entitlement.LocalEntitlementProvider
      KAFKA_HOSTS: 10.81.1.5:9092
      RUNTIMES_MANIFEST: '{"runtimes":{}}'
      CONFIG_whisk_couchdb_provider: CouchDB
      CONFIG_whisk_couchdb_protocol: http
      CONFIG_whisk_couchdb_host: 10.81.1.5
      CONFIG_whisk_couchdb_port: "5984"
      CONFIG_whisk_couchdb_username: harbor
      CONFIG_whisk_couchdb_password: harb0r
      CONFIG_whisk_couchdb_databases_WhiskAuth: h_subjects
      CONFIG_whisk_couchdb_databases_WhiskEntity: h_whisks
      CONFIG_whisk_couchdb_databases_WhiskActivation: h_activations
      CONFIG_whisk_info_buildNo: "2.0.0"
      CONFIG_whisk_info_date: "2024-03-27"
      LIMITS_ACTIONS_INVOKES_PERMINUTE: "60"
      LIMITS_ACTIONS_INVOKES_CONCURRENT: "30"
      LIMITS_TRIGGERS_FIRES_PERMINUTE: "60"
      LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50"
`;

ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`harbor-eni-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const indented = compose(i).split("\n").map((l) => `      ${l}`).join("\n");
  new aws.ec2.Instance(`harbor-${i}`, {
    ami: "ami-0aaaaaaaaaaaaaaaa",
    instanceType: "t3.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#cloud-config\nwrite_files:\n  - path: /srv/openwhisk/docker-compose.yml\n    content: |\n${indented}\nruncmd:\n  - [docker, compose, -f, /srv/openwhisk/docker-compose.yml, up, -d]\n`,
    tags: { Name: `harbor-${i}` },
  });
});
