/**
 * family: seed host form
 * expect: reject seed-nodes-static
 * Team "borealis" (2.0.0, Akka 2.6): each controller advertises its fixed private IP, but the seed list
 * names them by their Route53 records. The names resolve to the same IPs, yet Akka compares addresses
 * as strings: the join to a seed never matches the member it finds there.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("borealis", { cidrBlock: "10.20.0.0/16" });
const subnet = new aws.ec2.Subnet("borealis-a", { vpcId: vpc.id, cidrBlock: "10.20.1.0/24", availabilityZone: "us-east-1a" });
const sg = new aws.ec2.SecurityGroup("borealis-ctl", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 25520, toPort: 25520, self: true }] });
const zone = new aws.route53.Zone("borealis-zone", { name: "borealis.corp", vpcs: [{ vpcId: vpc.id }] });
const hosts = ["10.20.1.31", "10.20.1.32", "10.20.1.33"];
const names = hosts.map((_, i) => `ctl${i}.borealis.corp`);

const userData = (i: number) => `#cloud-config
write_files:
  - path: /opt/ow/controller.env
    content: |
      CONFIG_akka_actor_provider=cluster
      CONFIG_akka_remote_artery_canonical_hostname=${hosts[i]}
      CONFIG_akka_remote_artery_canonical_port=25520
      CONFIG_akka_remote_artery_bind_hostname=0.0.0.0
      CONFIG_akka_remote_artery_bind_port=25520
${names.map((n, j) => `      CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${n}:25520`).join("\n")}
      CONFIG_akka_cluster_downingProviderClass=akka.cluster.sbr.SplitBrainResolverProvider
      CONFIG_akka_cluster_splitBrainResolver_activeStrategy=keep-majority
      CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer
      CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider
      KAFKA_HOSTS=10.20.1.5:9092
      RUNTIMES_MANIFEST={"runtimes":{}}
      CONFIG_whisk_couchdb_provider=CouchDB
      CONFIG_whisk_couchdb_protocol=http
      CONFIG_whisk_couchdb_host=10.20.1.5
      CONFIG_whisk_couchdb_port=5984
      CONFIG_whisk_couchdb_username=ow
      CONFIG_whisk_couchdb_password=borealis-secret
      CONFIG_whisk_couchdb_databases_WhiskAuth=b_subjects
      CONFIG_whisk_couchdb_databases_WhiskEntity=b_whisks
      CONFIG_whisk_couchdb_databases_WhiskActivation=b_activations
      CONFIG_whisk_info_buildNo=2.0.0
      CONFIG_whisk_info_date=2024-03-27
      LIMITS_ACTIONS_INVOKES_PERMINUTE=60
      LIMITS_ACTIONS_INVOKES_CONCURRENT=30
      LIMITS_TRIGGERS_FIRES_PERMINUTE=60
      LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50
runcmd:
  - docker run -d --env-file /opt/ow/controller.env -p 25520:25520 openwhisk/controller:2.0.0 /init.sh ${i}
`;

hosts.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`borealis-nic-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.route53.Record(`borealis-dns-${i}`, { zoneId: zone.zoneId, name: names[i], type: "A", ttl: 30, records: [ip] });
  new aws.ec2.Instance(`borealis-ctl-${i}`, {
    ami: "ami-0abcdef1234567890",
    instanceType: "m5.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i),
    tags: { Name: `borealis-ctl-${i}` },
  });
});
