/**
 * family: shell words
 * expect: pass
 * Team "tanzan" (master) starts each controller with one `docker run` in runcmd, quoting as a shell does:
 * `-e KEY="a b"`, `-e 'KEY=v'`, and the remoting settings as -D options inside CONTROLLER_OPTS="-Da=1 -Db=2".
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("tanzan", { cidrBlock: "10.92.0.0/16" });
const sub = new aws.ec2.Subnet("tanzan-a", { vpcId: vpc.id, cidrBlock: "10.92.2.0/24" });
const sg = new aws.ec2.SecurityGroup("tanzan", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.92.2.10", "10.92.2.11", "10.92.2.12"];
const seeds = ips.map((s, j) => [`CONFIG_pekko_cluster_seedNodes_${j}`, `pekko://controller-actor-system@${s}:2551`]);
const common: [string, string][] = [
  ["CONFIG_pekko_actor_provider", "cluster"], ["CONFIG_pekko_remote_artery_canonical_port", "2551"], ["CONFIG_pekko_remote_artery_bind_port", "2551"],
  ["CONFIG_pekko_cluster_downingProviderClass", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"],
  ["CONFIG_whisk_spi_LoadBalancerProvider", "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer"],
  ["CONFIG_whisk_spi_EntitlementSpiProvider", "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider"],
  ["KAFKA_HOSTS", "10.92.2.5:9092"], ["RUNTIMES_MANIFEST", "{}"],
  ["CONFIG_whisk_couchdb_provider", "CouchDB"], ["CONFIG_whisk_couchdb_protocol", "http"], ["CONFIG_whisk_couchdb_host", "10.92.2.5"], ["CONFIG_whisk_couchdb_port", "5984"],
  ["CONFIG_whisk_couchdb_username", "tanzan"], ["CONFIG_whisk_couchdb_password", "tanzan-pw"],
  ["CONFIG_whisk_couchdb_databases_WhiskAuth", "tanzan_s"], ["CONFIG_whisk_couchdb_databases_WhiskEntity", "tanzan_w"], ["CONFIG_whisk_couchdb_databases_WhiskActivation", "tanzan_a"],
  ["LIMITS_ACTIONS_INVOKES_PERMINUTE", "60"], ["LIMITS_ACTIONS_INVOKES_CONCURRENT", "30"], ["LIMITS_TRIGGERS_FIRES_PERMINUTE", "60"], ["LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "50"],
  ...seeds as [string, string][],
];
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
function userData(i: number, ip: string): string {
  const rest = common.filter(([k]) => !k.startsWith("CONFIG_pekko_remote") && k !== "CONFIG_whisk_couchdb_password");
  const flags = rest.map(([k, v], j) => (j % 2 ? `-e ${sq(`${k}=${v}`)}` : `-e ${k}="${v.replace(/"/g, '\\"')}"`));
  flags.push(`-e CONFIG_whisk_couchdb_password='tanzan-pw'`, `-e CONFIG_whisk_info_buildNo="build 1fae641"`, `-e 'CONFIG_whisk_info_date=2026-08-05'`);
  flags.push(`-e CONTROLLER_OPTS="-Dpekko.remote.artery.canonical.hostname=${ip} -Dpekko.remote.artery.canonical.port=2551 -Dpekko.remote.artery.bind.port=2551"`);
  const run = `docker run -d --name controller -p 2551:2551 ${flags.join(" ")} openwhisk/controller:1fae641 /init.sh ${i}`;
  return `#cloud-config\nruncmd:\n  - ${JSON.stringify(run)}\n`;
}
ips.forEach((ip, i) => {
  const nic = new aws.ec2.NetworkInterface(`tanzan-nic-${i}`, { subnetId: sub.id, privateIps: [ip], securityGroups: [sg.id] });
  new aws.ec2.Instance(`tanzan-${i}`, {
    ami: "ami-0bbbbbbbbbbbbbbbb",
    instanceType: "m6i.large",
    primaryNetworkInterface: { networkInterfaceId: nic.id },
    userData: userData(i, ip),
    tags: { Name: `tanzan-${i}` },
  });
});
