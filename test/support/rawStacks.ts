/**
 * Hand-written stacks built from raw @pulumi/docker and @pulumi/aws resources, independent of our
 * components: the policies must judge any stack by what its resources say. Each builder makes a
 * conforming pekko cluster (3 controllers on static addresses, seeds on those addresses, split-brain
 * resolver, the sharding balancer, one invoker) that knobs bend into one violation at a time.
 * Env values here are written by hand from the facts file, not rendered by our planner.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Violation, PolicyPackConfig } from "../../cli/offline/evaluatePolicies";
import { evaluatePolicies } from "../../cli/offline/evaluatePolicies";
import { runProgram, type ProgramRun } from "../../cli/offline/runProgram";

export type Env = Record<string, pulumi.Input<string>>;

export const SHARDING = {
  CONFIG_whisk_spi_LoadBalancerProvider: "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  CONFIG_whisk_spi_EntitlementSpiProvider: "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
};
export const INVOKER_SPI = {
  CONFIG_whisk_spi_InvokerProvider: "org.apache.openwhisk.core.invoker.InvokerReactive",
  CONFIG_whisk_spi_InvokerServerProvider: "org.apache.openwhisk.core.invoker.DefaultInvokerServer",
};

/**
 * What a master (pekko) build needs at startup besides clustering (docs/builds.md#what-a-controller-needs-before-it-serves; the project's own table is
 * components/plan/startupContract.ts): CouchDB, runtimes, limits, and on controllers whisk.info.
 */
export const PEKKO_DB: Env = {
  CONFIG_whisk_couchdb_provider: "CouchDB",
  CONFIG_whisk_couchdb_protocol: "http",
  CONFIG_whisk_couchdb_host: "couchdb",
  CONFIG_whisk_couchdb_port: "5984",
  CONFIG_whisk_couchdb_username: "whisk_admin",
  CONFIG_whisk_couchdb_password: "team-db-password",
  CONFIG_whisk_couchdb_databases_WhiskAuth: "whisk_subjects",
  CONFIG_whisk_couchdb_databases_WhiskEntity: "whisk_whisks",
  CONFIG_whisk_couchdb_databases_WhiskActivation: "whisk_activations",
  RUNTIMES_MANIFEST: '{"runtimes":{},"blackboxes":[]}',
};
export const PEKKO_CONTROLLER_STARTUP: Env = {
  ...PEKKO_DB,
  CONFIG_whisk_info_buildNo: "nightly",
  CONFIG_whisk_info_date: "2026-08-05",
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60",
  LIMITS_ACTIONS_INVOKES_CONCURRENT: "30",
  LIMITS_TRIGGERS_FIRES_PERMINUTE: "60",
  LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
};

/** The seed build's (febde0042) WhiskConfig env a controller / invoker must have (docs/builds.md#what-a-controller-needs-before-it-serves, docs/builds.md#invokers-and-runc). */
const LEGACY_DB: Env = {
  DB_PROVIDER: "CouchDB", DB_PROTOCOL: "http", DB_HOST: "couchdb", DB_PORT: "5984", DB_USERNAME: "whisk_admin", DB_PASSWORD: "team-db-password",
  DB_WHISK_ACTIONS: "whisk_whisks", DB_WHISK_ACTIVATIONS: "whisk_activations", KAFKA_HOST: "kafka", KAFKA_HOST_PORT: "9092", RUNTIMES_MANIFEST: '{"runtimes":{}}',
};
export const LEGACY_CONTROLLER_STARTUP: Env = {
  ...LEGACY_DB, DB_WHISK_AUTHS: "whisk_subjects", WHISK_VERSION_DATE: "2017-10-17", WHISK_VERSION_BUILDNO: "latest",
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60", LIMITS_ACTIONS_INVOKES_CONCURRENT: "30", LIMITS_TRIGGERS_FIRES_PERMINUTE: "60", LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM: "5000",
  LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50", LOADBALANCER_INVOKERBUSYTHRESHOLD: "16", CONTROLLER_BLACKBOXFRACTION: "0.10", CONTROLLER_LOCALBOOKKEEPING: "false",
};
export const LEGACY_INVOKER_STARTUP: Env = { ...LEGACY_DB, DOCKER_REGISTRY: "", DOCKER_IMAGE_PREFIX: "openwhisk", INVOKER_CONTAINER_NETWORK: "bridge", WHISK_API_HOST_NAME: "nginx" };

/** A pekko controller's cluster env, advertising `self` and seeding from `seeds`. */
export function pekkoControllerEnv(self: pulumi.Input<string>, seeds: pulumi.Input<string>[], port = 2551): Env {
  const env: Env = {
    CONFIG_pekko_actor_provider: "cluster",
    CONFIG_pekko_remote_artery_canonical_hostname: self,
    CONFIG_pekko_remote_artery_canonical_port: String(port),
    CONFIG_pekko_remote_artery_bind_hostname: "0.0.0.0",
    CONFIG_pekko_remote_artery_bind_port: String(port),
    CONFIG_pekko_cluster_downingProviderClass: "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    CONFIG_pekko_cluster_splitBrainResolver_activeStrategy: "keep-majority",
    CONFIG_pekko_cluster_splitBrainResolver_stableAfter: "20s",
    ...SHARDING,
    ...PEKKO_CONTROLLER_STARTUP,
    KAFKA_HOSTS: "kafka:9092",
  };
  seeds.forEach((s, i) => (env[`CONFIG_pekko_cluster_seedNodes_${i}`] = pulumi.interpolate`pekko://controller-actor-system@${s}:${port}`));
  return env;
}

export const invokerEnv = (useRunc: boolean): Env => ({
  CONFIG_whisk_docker_containerFactory_useRunc: String(useRunc),
  INVOKER_USE_RUNC: String(useRunc),
  ...INVOKER_SPI,
  CONFIG_whisk_invoker_username: "invoker.user",
  KAFKA_HOSTS: "kafka:9092",
  WHISK_API_HOST_NAME: "nginx",
  ZOOKEEPER_HOSTS: "zookeeper:2181",
  ...PEKKO_DB,
});

function envList(env: Env): pulumi.Output<string>[] {
  return Object.entries(env).map(([k, v]) => pulumi.interpolate`${k}=${v}`);
}

/** An env file as user data (what cloud-init writes to /etc/openwhisk/<node>.env), and the docker run that uses it. */
export function envFile(env: Env, run?: string): pulumi.Output<string> {
  return pulumi.all(envList(env)).apply((lines) =>
    ["#cloud-config", "write_files:", "  - path: /etc/openwhisk/node.env", "    content: |", ...lines.map((l) => `      ${l}`), ...(run ? ["runcmd:", `  - docker run -d --env-file /etc/openwhisk/node.env ${run}`] : [])].join("\n"),
  );
}

export interface DockerKnobs {
  controllers?: number;
  /** Change controller i's env (gets the conforming one). */
  controllerEnv?: (i: number, env: Env, ctx: DockerContext) => Env;
  /** Change controller i's container args. */
  controllerArgs?: (i: number, args: docker.ContainerArgs, ctx: DockerContext) => docker.ContainerArgs;
  invokerEnv?: (env: Env) => Env;
  invokerArgs?: (args: docker.ContainerArgs) => docker.ContainerArgs;
  extra?: (ctx: DockerContext) => void;
}

export interface DockerContext {
  network: docker.Network;
  password: random.RandomPassword;
  ips: string[];
}

export const DOCKER_SUBNET = "172.28.0.0/24";
export const dockerIp = (i: number) => `172.28.0.${10 + i}`;

export function dockerCluster(knobs: DockerKnobs = {}): () => void {
  return () => {
    const count = knobs.controllers ?? 3;
    const network = new docker.Network("ow", { name: "ow", driver: "bridge", ipamConfigs: [{ subnet: DOCKER_SUBNET }] });
    const password = new random.RandomPassword("controller-password", { length: 24, special: false });
    const ips = Array.from({ length: count }, (_, i) => dockerIp(i));
    const ctx: DockerContext = { network, password, ips };
    for (let i = 0; i < count; i++) {
      let env = pekkoControllerEnv(ips[i], ips);
      env.CONFIG_whisk_controller_password = password.result;
      if (knobs.controllerEnv) env = knobs.controllerEnv(i, env, ctx);
      let args: docker.ContainerArgs = {
        name: `controller${i}`,
        hostname: `controller${i}`,
        image: "openwhisk/controller:1fae641",
        envs: envList(env),
        networksAdvanced: [{ name: network.name, ipv4Address: ips[i], aliases: [`controller${i}`] }],
        ports: [{ internal: 8080, external: 10001 + i }],
        // Each controller its own instance index (the image's default command is ./init.sh 0).
        command: ["/init.sh", String(i)],
      };
      if (knobs.controllerArgs) args = knobs.controllerArgs(i, args, ctx);
      new docker.Container(`controller${i}`, args);
    }
    let invArgs: docker.ContainerArgs = {
      name: "invoker0",
      hostname: "invoker0",
      image: "openwhisk/invoker:1fae641",
      envs: envList(knobs.invokerEnv ? knobs.invokerEnv(invokerEnv(false)) : invokerEnv(false)),
      networksAdvanced: [{ name: network.name }],
      privileged: true,
    };
    if (knobs.invokerArgs) invArgs = knobs.invokerArgs(invArgs);
    new docker.Container("invoker0", invArgs);
    knobs.extra?.(ctx);
  };
}

export interface AwsKnobs {
  /** The invoker host's DOCKER_MIN_API_VERSION drop-in value (default 1.42); null: none (an unpinned, unconfigured engine). */
  invokerEngineDropIn?: string | null;
  controllers?: number;
  controllerEnv?: (i: number, env: Env, ctx: AwsContext) => Env;
  controllerArgs?: (i: number, args: aws.ec2.InstanceArgs, ctx: AwsContext) => aws.ec2.InstanceArgs;
  /** Options for the EIPs and records (e.g. protect). */
  addressOptions?: pulumi.CustomResourceOptions;
  /** Controller security group ingress (conforming: remoting between controllers only). */
  controllerIngress?: aws.types.input.ec2.SecurityGroupIngress[];
  invokerEnv?: (env: Env) => Env;
  invokerTags?: Record<string, string>;
  extra?: (ctx: AwsContext) => void;
}

export interface AwsContext {
  vpc: aws.ec2.Vpc;
  subnet: aws.ec2.Subnet;
  controllerSg: aws.ec2.SecurityGroup;
  enis: aws.ec2.NetworkInterface[];
  eips: aws.ec2.Eip[];
  records: aws.route53.Record[];
  ips: string[];
  names: string[];
}

export const awsIp = (i: number) => `10.60.1.${10 + i}`;
export const awsName = (i: number) => `controller${i}.ow.internal`;

export function awsCluster(knobs: AwsKnobs = {}): () => void {
  return () => {
    const count = knobs.controllers ?? 3;
    const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.60.0.0/16" });
    const subnet = new aws.ec2.Subnet("subnet", { vpcId: vpc.id, cidrBlock: "10.60.1.0/24" });
    const controllerSg = new aws.ec2.SecurityGroup("controllers", {
      vpcId: vpc.id,
      ingress: knobs.controllerIngress ?? [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const zone = new aws.route53.Zone("zone", { name: "ow.internal", vpcs: [{ vpcId: vpc.id }] });
    const ips = Array.from({ length: count }, (_, i) => awsIp(i));
    const names = Array.from({ length: count }, (_, i) => awsName(i));
    const ctx: AwsContext = { vpc, subnet, controllerSg, enis: [], eips: [], records: [], ips, names };
    for (let i = 0; i < count; i++) {
      const eni = new aws.ec2.NetworkInterface(`controller${i}-eni`, { subnetId: subnet.id, privateIps: [ips[i]], securityGroups: [controllerSg.id] });
      ctx.enis.push(eni);
      ctx.eips.push(new aws.ec2.Eip(`controller${i}-eip`, { domain: "vpc", networkInterface: eni.id, associateWithPrivateIp: ips[i] }, knobs.addressOptions));
      // The record's target is the interface's output: unknown in the preview of a new stack.
      ctx.records.push(new aws.route53.Record(`controller${i}-dns`, { zoneId: zone.zoneId, name: names[i], type: "A", ttl: 60, records: [eni.privateIp] }, knobs.addressOptions));
    }
    for (let i = 0; i < count; i++) {
      let env = pekkoControllerEnv(names[i], names);
      if (knobs.controllerEnv) env = knobs.controllerEnv(i, env, ctx);
      let args: aws.ec2.InstanceArgs = {
        ami: "ami-0123456789abcdef0",
        instanceType: "m6i.large",
        primaryNetworkInterface: { networkInterfaceId: ctx.enis[i].id },
        userData: envFile(env, `-p 2551:2551 openwhisk/controller:1fae641 /init.sh ${i}`),
        tags: { Name: `controller${i}` },
      };
      if (knobs.controllerArgs) args = knobs.controllerArgs(i, args, ctx);
      new aws.ec2.Instance(`controller${i}`, args);
    }
    const invSg = new aws.ec2.SecurityGroup("invokers", { vpcId: vpc.id, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
    new aws.ec2.Instance("invoker0", {
      ami: "ami-0123456789abcdef0",
      instanceType: "m6i.xlarge",
      subnetId: subnet.id,
      vpcSecurityGroupIds: [invSg.id],
      // The engine accepts the pekko invoker image's docker CLI (API 1.42): a docker.service drop-in.
      userData: envFile(knobs.invokerEnv ? knobs.invokerEnv(invokerEnv(true)) : invokerEnv(true)).apply((t) =>
        knobs.invokerEngineDropIn === null
          ? t
          : `${t}\n  - path: /etc/systemd/system/docker.service.d/min-api.conf\n    content: |\n      [Service]\n      Environment=DOCKER_MIN_API_VERSION=${knobs.invokerEngineDropIn ?? "1.42"}`),
      tags: { Name: "invoker0", "openwhisk:runc.host-version": "1.1.12", "openwhisk:runc.image-version": "1.1.12", ...knobs.invokerTags },
    });
    knobs.extra?.(ctx);
  };
}

export interface RawCheck {
  preview: Violation[];
  update: Violation[];
  previewRun: ProgramRun;
  updateRun: ProgramRun;
}

/** Runs a raw program as a new-stack preview and after an update, and applies the pack to each. */
export async function checkRaw(program: () => void, opts: { stack?: string; policyConfig?: PolicyPackConfig } = {}): Promise<RawCheck> {
  const stack = opts.stack ?? "dev";
  const previewRun = await runProgram({ project: "handwritten", stack, preview: true, config: {}, load: program });
  const preview = evaluatePolicies(previewRun.resources, opts.policyConfig);
  const updateRun = await runProgram({ project: "handwritten", stack, preview: false, config: {}, load: program });
  return { preview, update: evaluatePolicies(updateRun.resources, opts.policyConfig), previewRun, updateRun };
}

export const mandatory = (vs: Violation[]) => [...new Set(vs.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))].sort();
export const advisory = (vs: Violation[]) => [...new Set(vs.filter((v) => v.enforcementLevel === "advisory").map((v) => v.policy))].sort();
