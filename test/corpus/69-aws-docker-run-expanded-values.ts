/**
 * family: shell words
 * expect: pass
 * Team "loon" (master) keeps its cluster settings in a HOCON file that cloud-config writes and hands it to
 * the controller as `-e OPENWHISK_CONFIG="$(cat /etc/loon/cluster.conf)"`, and passes the address the
 * instance metadata reports as `-e CONFIG_pekko_remote_artery_canonical_hostname=$IP`: the shell expands
 * both before docker sees them. The interface's address is fixed, so what the metadata reports is too.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("loon", { cidrBlock: "10.111.0.0/16" });
const subnet = new aws.ec2.Subnet("loon-1", { vpcId: vpc.id, cidrBlock: "10.111.1.0/24" });
const sg = new aws.ec2.SecurityGroup("loon", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.111.1.10", "10.111.1.11", "10.111.1.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");
const cluster = [
  'include classpath("application.conf")',
  "pekko {",
  "  actor.provider = cluster",
  "  remote.artery { canonical.port = 2551, bind.port = 2551 }",
  "  cluster {",
  `    seed-nodes = [${ips.map((s) => `"pekko://controller-actor-system@${s}:2551"`).join(", ")}]`,
  "    downing-provider-class = org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
  "    split-brain-resolver.active-strategy = keep-majority",
  "  }",
  "}",
  "whisk.spi.LoadBalancerProvider = org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "whisk.spi.EntitlementSpiProvider = org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
].join("\n");
const env = [
  "KAFKA_HOSTS=10.111.1.5:9092", "RUNTIMES_MANIFEST={}",
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.111.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=loon", "CONFIG_whisk_couchdb_password=loon-pw",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=loon_s", "CONFIG_whisk_couchdb_databases_WhiskEntity=loon_w", "CONFIG_whisk_couchdb_databases_WhiskActivation=loon_a",
  "CONFIG_whisk_info_buildNo=1fae641", "CONFIG_whisk_info_date=2026-08-05",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
].join("\n");
ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`loon-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`loon-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: [
      "#cloud-config",
      "write_files:",
      "  - path: /etc/loon/cluster.conf",
      "    content: |",
      indent(cluster, "      "),
      "  - path: /etc/loon/controller.env",
      "    content: |",
      indent(env, "      "),
      "runcmd:",
      "  - |",
      "    IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)",
      "    docker run -d --name controller --network host --env-file /etc/loon/controller.env \\",
      '      -e OPENWHISK_CONFIG="$(cat /etc/loon/cluster.conf)" \\',
      "      -e CONFIG_pekko_remote_artery_canonical_hostname=$IP \\",
      `      openwhisk/controller:1fae641 /init.sh ${i}`,
    ].join("\n"),
    tags: { Name: `loon-${i}` },
  });
});
