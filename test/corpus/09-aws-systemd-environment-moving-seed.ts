/**
 * family: env carried elsewhere
 * expect: reject automatic-downing-static-seeds, seed-nodes-static
 * Team "ion" writes a systemd unit whose Environment= lines seed the cluster from a load balancer name
 * that moves: no seed is a static address of the stack.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("ion", { cidrBlock: "10.90.0.0/16" });
const sub = new aws.ec2.Subnet("ion-a", { vpcId: vpc.id, cidrBlock: "10.90.2.0/24" });
const sg = new aws.ec2.SecurityGroup("ion", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.90.2.10", "10.90.2.11", "10.90.2.12"];

const unit = (i: number) => `[Unit]
Description=OpenWhisk controller ${i}
After=docker.service

[Service]
Environment="CONFIG_pekko_actor_provider=cluster" "CONFIG_pekko_remote_artery_canonical_hostname=${ips[i]}"
Environment=CONFIG_pekko_remote_artery_canonical_port=2551 CONFIG_pekko_remote_artery_bind_port=2551
Environment="CONFIG_pekko_cluster_seedNodes_0=pekko://controller-actor-system@ion-seeds.elb.amazonaws.com:2551"
Environment="CONFIG_pekko_cluster_downingProviderClass=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
Environment="CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer" "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"
Environment="KAFKA_HOSTS=10.90.2.5:9092" "RUNTIMES_MANIFEST={}"
Environment="CONFIG_whisk_couchdb_provider=CouchDB" "CONFIG_whisk_couchdb_protocol=http" "CONFIG_whisk_couchdb_host=10.90.2.5" "CONFIG_whisk_couchdb_port=5984"
Environment="CONFIG_whisk_couchdb_username=ion" "CONFIG_whisk_couchdb_password=i0n"
Environment="CONFIG_whisk_couchdb_databases_WhiskAuth=i_s" "CONFIG_whisk_couchdb_databases_WhiskEntity=i_w" "CONFIG_whisk_couchdb_databases_WhiskActivation=i_a"
Environment="CONFIG_whisk_info_buildNo=nightly" "CONFIG_whisk_info_date=2026-08-05"
Environment="LIMITS_ACTIONS_INVOKES_PERMINUTE=60" "LIMITS_ACTIONS_INVOKES_CONCURRENT=30" "LIMITS_TRIGGERS_FIRES_PERMINUTE=60" "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50"
ExecStart=/usr/bin/docker run --rm --name controller --env CONFIG_pekko_actor_provider -p 2551:2551 openwhisk/controller:nightly /init.sh ${i}
`;

ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`ion-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`ion-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: `#cloud-config\nwrite_files:\n  - path: /etc/systemd/system/ow-controller.service\n    content: |\n${unit(i).split("\n").map((l) => `      ${l}`).join("\n")}\n`,
    tags: { Name: `ion-${i}` },
  });
});
