/**
 * The full container spec of invoker i (docs/builds.md#invokers-and-runc): the runc switch in the key the build reads, mounts,
 * privileges, and what its build needs to start (startupContract.ts), in the names it reads.
 */
import type { StackConfig } from "../config/schema";
import { BUILDS } from "./builds";
import { javaOpts, legacyDbEnv, legacyKafkaEnv, modernCommonEnv, runtimesManifest, withoutEmpty } from "./commonEnv";
import type { ContainerSpec, EnvValue, VolumeSpec } from "./containerSpec";
import { needsExplicitShardingBalancer, RUNC_KEY, SHARDING_BALANCER } from "./flavors";
import { invokerName } from "./seedAddresses";
import { pingHealthCheck, SERVICE_PORTS, ServiceEndpoints } from "./serviceEndpoints";
import { actionNetwork, FENCE_JOB } from "./actionIsolation";
import { ENGINE_RUNC_FILE, ENGINE_RUNC_HOST_FILE, ENGINE_RUNC_JOB, runcGuard } from "./runcGuard";
import { kafkaTopicsJobName, needsKafkaTopicsJob } from "./kafkaTopics";
import { deepFreeze } from "./deepFreeze";

export const RUNC_MOUNT = "/run/runc";
/** The host's runc root the seed build mounts (febde0042 ansible/roles/invoker/tasks/deploy.yml: -v /run/runc:/run/runc). */
export const LEGACY_RUNC_ROOT = "/run/runc";

/** Labels (docker) and tags (aws) that record the declared runc versions; the policy pack reads them. */
export const RUNC_LABELS = {
  enabled: "openwhisk.runc.enabled",
  hostVersion: "openwhisk.runc.host-version",
  imageVersion: "openwhisk.runc.image-version",
  /** What the runc guard does on a mismatch: fallback or fail (runcGuard.ts). */
  guard: "openwhisk.runc.guard",
} as const;

export interface RenderInvokerArgs {
  config: StackConfig;
  stack: string;
  index: number;
  endpoints: ServiceEndpoints;
  /** The docker daemon's root dir on the host (its containers/ is mounted). */
  dockerRootDir: string;
}

/** The command each build starts an invoker with (as argv: the runc guard execs it). */
export function invokerStart(config: StackConfig, index: number): string[] {
  // febde0042: `invoker <index>`, exactly one argument (Invoker.scala: require(args.length == 1)); no init.sh.
  if (config.release.flavor === "legacy-2017") return ["/invoker/bin/invoker", String(index)];
  // 1.0.0 and later: init.sh, then --id / --uniqueName (Invoker.scala CmdLineArgs).
  return ["/init.sh", "--id", String(index), "--uniqueName", String(index)];
}

/**
 * The container command: with runc on, the runc guard first (runcGuard.ts), which then execs the start;
 * with runc off (the guard's command is the start itself), the start.
 */
export function invokerCommand(config: StackConfig, index: number, guard = runcGuard(config, invokerStart(config, index))): string[] {
  return config.invokers.useRunc ? guard.command : ["/bin/sh", "-c", `exec ${guard.command.join(" ")}`];
}

function invokerEnv(config: StackConfig, stack: string, index: number, endpoints: ServiceEndpoints, useRunc: string): Record<string, EnvValue> {
  const { invokers, release } = config;
  // Actions run on a network of their own, never next to Kafka, CouchDB and remoting (actionIsolation.ts).
  const network = actionNetwork(config).name;
  const api = { WHISK_API_HOST_PROTO: endpoints.apiHost.proto, WHISK_API_HOST_PORT: String(endpoints.apiHost.port), WHISK_API_HOST_NAME: endpoints.apiHost.name };
  if (release.flavor === "legacy-2017") {
    // febde0042 ansible/roles/invoker/tasks/deploy.yml (docker run -e ...): WhiskConfig names only, empty
    // values kept (DOCKER_REGISTRY is required and empty means "no registry").
    const { DB_WHISK_AUTHS: _auths, ...db } = legacyDbEnv(config, endpoints, "invoker");
    return {
      JAVA_OPTS: javaOpts(invokers.heap),
      INVOKER_OPTS: "",
      PORT: "8080",
      ...legacyKafkaEnv(endpoints),
      ...db,
      ...api,
      RUNTIMES_MANIFEST: runtimesManifest(config),
      DOCKER_REGISTRY: "",
      DOCKER_IMAGE_PREFIX: "openwhisk",
      DOCKER_IMAGE_TAG: "latest",
      INVOKER_CONTAINER_NETWORK: network,
      INVOKER_CONTAINER_POLICY: "",
      INVOKER_CONTAINER_DNS: "",
      INVOKER_NUMCORE: "4",
      INVOKER_CORESHARE: "2",
      [RUNC_KEY.legacy]: useRunc,
    };
  }
  // Only keys these builds read: no INVOKER_USE_RUNC (read only by the 2017 build; since Apr 2018 the
  // switch is whisk.docker.container-factory.use-runc, core/invoker/src/main/resources/application.conf),
  // no DB_WHISK_* and no WHISK_LOGS_DIR (WhiskConfig names no build from 1.0.0 on reads: the databases
  // come from CONFIG_whisk_couchdb_*, the log directory is the image's /logs).
  const env: Record<string, EnvValue> = {
    ...modernCommonEnv(config, stack, endpoints, invokers.heap, "invoker"),
    INVOKER_OPTS: "",
    ZOOKEEPER_HOSTS: endpoints.zookeeperHosts.join(","),
    ...api,
    [RUNC_KEY.config]: useRunc,
    CONFIG_whisk_containerFactory_containerArgs_network: network,
    CONFIG_whisk_containerPool_userMemory: invokers.userMemory,
    CONFIG_whisk_docker_client_parallelRuns: "10",
    CONFIG_whisk_invoker_protocol: "http",
  };
  if (BUILDS[release.flavor].hasSchedulerEraKeys) {
    env.CONFIG_whisk_invoker_username = "invoker.user";
    env.CONFIG_whisk_invoker_password = { secret: "invokerPassword" };
  }
  if (needsExplicitShardingBalancer(release.flavor)) {
    env[SHARDING_BALANCER.invokerProviderKey] = SHARDING_BALANCER.invokerProvider;
    env[SHARDING_BALANCER.invokerServerKey] = SHARDING_BALANCER.invokerServer;
  }
  return withoutEmpty(env);
}

export function renderInvoker(args: RenderInvokerArgs): ContainerSpec {
  const { config, stack, index, endpoints } = args;
  const { invokers, release } = config;
  const name = invokerName(index);
  const useRunc = String(invokers.useRunc);
  const guard = runcGuard(config, invokerStart(config, index));
  const actions = actionNetwork(config);
  const env = { ...invokerEnv(config, stack, index, endpoints, useRunc), ...guard.env };

  const volumes: VolumeSpec[] = [
    { hostPath: "/sys/fs/cgroup", containerPath: "/sys/fs/cgroup" },
    { hostPath: `/var/tmp/wsklogs/${name}`, containerPath: "/logs" },
    { hostPath: `/var/tmp/wskconf/${name}`, containerPath: "/conf" },
    { hostPath: `${args.dockerRootDir.replace(/\/$/, "")}/containers`, containerPath: "/containers" },
    { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" },
  ];
  // The seed build's ansible mounts the host's /run/runc; later builds' mount the configured runc root (docs/builds.md#invokers-and-runc).
  if (invokers.useRunc) volumes.push({ hostPath: release.flavor === "legacy-2017" ? LEGACY_RUNC_ROOT : invokers.runcRoot, containerPath: RUNC_MOUNT });
  // aws: the engine's runc as the host read it, for the runc guard (runcGuard.ts).
  const engineRunc = invokers.useRunc && config.target === "aws";
  if (engineRunc) volumes.push({ hostPath: ENGINE_RUNC_HOST_FILE, containerPath: ENGINE_RUNC_FILE, readOnly: true });

  const labels: Record<string, string> = {
    "openwhisk.role": "invoker",
    "openwhisk.index": String(index),
    "openwhisk.flavor": release.flavor,
    [RUNC_LABELS.enabled]: useRunc,
  };
  if (invokers.runc?.hostVersion) labels[RUNC_LABELS.hostVersion] = invokers.runc.hostVersion;
  if (invokers.runc?.imageVersion) labels[RUNC_LABELS.imageVersion] = invokers.runc.imageVersion;
  if (guard.label) labels[RUNC_LABELS.guard] = guard.label;

  return {
    name,
    role: "invoker",
    index,
    image: release.invokerImage,
    command: invokerCommand(config, index, guard),
    hostname: name,
    env,
    // docker: on 127.0.0.1 only (the edge is the way in); aws: the host's ports, behind its security group.
    ports: [{ internal: SERVICE_PORTS.api, external: invokers.apiPortBase + index, purpose: "api", ...(config.target === "docker" ? { hostIp: "127.0.0.1" } : {}) }],
    volumes,
    files: guard.files,
    restart: "always",
    healthCheck: pingHealthCheck(),
    labels,
    privileged: true,
    pidMode: "host",
    usernsMode: "host",
    aliases: [name],
    extraNetworks: [{ name: actions.name, ...(config.target === "aws" ? { ipv4Address: actions.invokerIp } : {}) }],
    dependsOn: [...(endpoints.inStack.kafka ? ["kafka"] : []), "initdb", ...(needsKafkaTopicsJob(config) ? [kafkaTopicsJobName(name)] : []), ...(config.target === "aws" ? [FENCE_JOB] : []), ...(engineRunc ? [ENGINE_RUNC_JOB] : [])],
    oneShot: false,
  };
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(RUNC_LABELS);
