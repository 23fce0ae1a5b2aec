/**
 * family: nested HOCON
 * expect: pass
 * Team "teal" (master) gives its controllers their cluster, balancer, database and build settings as one
 * HOCON file in OPENWHISK_CONFIG (common/scala/transformEnvironment.sh at 1fae641 writes it to a file the
 * JVM loads), written the way HOCON lets them: nested blocks, a dotted path beside a block, the seed list
 * as an array, comments, a quoted key and `include classpath("application.conf")` first, as upstream's own
 * template does (ansible/roles/controller/templates/config.j2 at 1fae641). Compose carries the rest.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("teal", { cidrBlock: "10.101.0.0/16" });
const sub = new aws.ec2.Subnet("teal-a", { vpcId: vpc.id, cidrBlock: "10.101.2.0/24" });
const sg = new aws.ec2.SecurityGroup("teal", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.101.2.10", "10.101.2.11", "10.101.2.12"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");

function hocon(ip: string): string {
  return [
    'include classpath("application.conf")',
    "",
    "# the controller cluster",
    "pekko {",
    "  actor.provider = cluster",
    "  remote.artery {",
    `    canonical { hostname = "${ip}", port = 2551 }`,
    "    bind.port = 2551 // same port: peers connect to it",
    "  }",
    "  cluster {",
    "    seed-nodes = [",
    ...ips.map((s) => `      "pekko://controller-actor-system@${s}:2551"`),
    "    ]",
    '    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"',
    "    split-brain-resolver { active-strategy = keep-majority, stable-after = 20s }",
    "  }",
    "}",
    "whisk {",
    "  spi {",
    '    LoadBalancerProvider = "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"',
    '    "EntitlementSpiProvider" = "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"',
    "  }",
    "  couchdb {",
    "    provider = CouchDB, protocol = http, host = \"10.101.2.5\", port = 5984",
    "    username = teal, password = \"teal-pw\"",
    "    databases { WhiskAuth = teal_s, WhiskEntity = teal_w, WhiskActivation = teal_a }",
    "  }",
    "}",
    'whisk.info { build-no = "1fae641", date = "2026-08-05" }',
  ].join("\n");
}

function userData(i: number, ip: string): string {
  const compose = [
    "services:",
    "  controller:",
    "    image: openwhisk/controller:1fae641",
    `    command: /init.sh ${i}`,
    "    network_mode: host",
    "    environment:",
    "      KAFKA_HOSTS: 10.101.2.5:9092",
    "      RUNTIMES_MANIFEST: '{}'",
    "      LIMITS_ACTIONS_INVOKES_PERMINUTE: '60'",
    "      LIMITS_ACTIONS_INVOKES_CONCURRENT: '30'",
    "      LIMITS_TRIGGERS_FIRES_PERMINUTE: '60'",
    "      LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: '50'",
    "      OPENWHISK_CONFIG: |",
    indent(hocon(ip), "        "),
  ].join("\n");
  return `#cloud-config\nwrite_files:\n  - path: /opt/teal/docker-compose.yml\n    content: |\n${indent(compose, "      ")}\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`teal-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`teal-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `teal-${i}` },
  });
});
