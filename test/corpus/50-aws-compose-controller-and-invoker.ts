/**
 * family: multi-service compose
 * expect: reject invoker-runc-key, invoker-runc-versions
 * Team "kestrel" (2.0.0) runs a controller AND an invoker on each host from one docker-compose file, each
 * service with its own env_file. The controllers are right (split-brain resolver, static seeds); the
 * invokers set only INVOKER_USE_RUNC=false, which 2.0.0 ignores (it reads
 * CONFIG_whisk_docker_containerFactory_useRunc: core/invoker/src/main/resources/application.conf at 2.0.0,
 * `use-runc`), so runc stays on with undeclared versions. Each service is its own node: the invoker's
 * mistake must not hide behind the controller on the same host.
 */
import * as aws from "@pulumi/aws";

const vpc = new aws.ec2.Vpc("kestrel", { cidrBlock: "10.96.0.0/16" });
const subnet = new aws.ec2.Subnet("kestrel-1", { vpcId: vpc.id, cidrBlock: "10.96.1.0/24" });
const sg = new aws.ec2.SecurityGroup("kestrel", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }] });
const ips = ["10.96.1.21", "10.96.1.22", "10.96.1.23"];
const indent = (text: string, by: string) => text.split("\n").map((l) => by + l).join("\n");

const shared = [
  "KAFKA_HOSTS=10.96.1.5:9092", 'RUNTIMES_MANIFEST={"runtimes":{}}',
  "CONFIG_whisk_couchdb_provider=CouchDB", "CONFIG_whisk_couchdb_protocol=http", "CONFIG_whisk_couchdb_host=10.96.1.5", "CONFIG_whisk_couchdb_port=5984",
  "CONFIG_whisk_couchdb_username=kestrel", "CONFIG_whisk_couchdb_password=k3strel",
  "CONFIG_whisk_couchdb_databases_WhiskAuth=k_subjects", "CONFIG_whisk_couchdb_databases_WhiskEntity=k_whisks", "CONFIG_whisk_couchdb_databases_WhiskActivation=k_activations",
];
const controllerEnv = (i: number) => [
  ...shared,
  "CONFIG_akka_actor_provider=cluster",
  `CONFIG_akka_remote_artery_canonical_hostname=${ips[i]}`,
  "CONFIG_akka_remote_artery_canonical_port=2551",
  "CONFIG_akka_remote_artery_bind_port=2551",
  ...ips.map((ip, j) => `CONFIG_akka_cluster_seedNodes_${j}=akka://controller-actor-system@${ip}:2551`),
  "CONFIG_akka_cluster_downingProviderClass=akka.cluster.sbr.SplitBrainResolverProvider",
  "CONFIG_akka_cluster_splitBrainResolver_activeStrategy=keep-majority",
  "CONFIG_whisk_spi_LoadBalancerProvider=org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  "CONFIG_whisk_spi_EntitlementSpiProvider=org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  'CONFIG_whisk_info_buildNo="2.0.0"', "CONFIG_whisk_info_date=2024-03-27",
  "LIMITS_ACTIONS_INVOKES_PERMINUTE=60", "LIMITS_ACTIONS_INVOKES_CONCURRENT=30", "LIMITS_TRIGGERS_FIRES_PERMINUTE=60", "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH=50",
];
const invokerEnv = [
  ...shared,
  "INVOKER_USE_RUNC=false",
  "WHISK_API_HOST_NAME=10.96.1.5",
  "CONFIG_whisk_spi_InvokerProvider=org.apache.openwhisk.core.invoker.InvokerReactive",
  "CONFIG_whisk_spi_InvokerServerProvider=org.apache.openwhisk.core.invoker.DefaultInvokerServer",
];
const compose = (i: number) => [
  "services:",
  "  controller:",
  "    image: openwhisk/controller:2.0.0",
  `    command: ["/init.sh", "${i}"]`,
  '    ports: ["2551:2551", "8080:8080"]',
  "    env_file: controller.env",
  "  invoker:",
  "    image: openwhisk/invoker:2.0.0",
  `    command: ["/init.sh", "--id", "${i}"]`,
  "    privileged: true",
  "    env_file:",
  "      - path: ./invoker.env",
  "    volumes: [/var/run/docker.sock:/var/run/docker.sock]",
].join("\n");

ips.forEach((ip, i) => {
  const eni = new aws.ec2.NetworkInterface(`kestrel-eni-${i}`, { subnetId: subnet.id, privateIps: [ip], securityGroups: [sg.id] });
  const files = [
    { path: "/srv/openwhisk/docker-compose.yml", content: compose(i) },
    { path: "/srv/openwhisk/controller.env", content: controllerEnv(i).join("\n") },
    { path: "/srv/openwhisk/invoker.env", content: invokerEnv.join("\n") },
  ];
  new aws.ec2.Instance(`kestrel-${i}`, {
    ami: "ami-0aaaaaaaaaaaaaaaa",
    instanceType: "m6i.xlarge",
    primaryNetworkInterface: { networkInterfaceId: eni.id },
    userData: `#cloud-config\nwrite_files:\n${files.map((f) => `  - path: ${f.path}\n    content: |\n${indent(f.content, "      ")}`).join("\n")}\nruncmd:\n  - [docker, compose, -f, /srv/openwhisk/docker-compose.yml, up, -d]\n`,
    tags: { Name: `kestrel-${i}` },
  });
});
