/** The full container spec of invoker i (facts §4): runc switch in the key the build reads, mounts, privileges. */
import type { StackConfig } from "../config/schema";
import { commonEnv, DB_NAMES, withoutEmpty } from "./commonEnv";
import type { ContainerSpec, EnvValue, VolumeSpec } from "./containerSpec";
import { needsExplicitShardingBalancer, RUNC_KEY, SHARDING_BALANCER } from "./flavors";
import { invokerName } from "./seedAddresses";
import { pingHealthCheck, SERVICE_PORTS, ServiceEndpoints } from "./serviceEndpoints";

export const RUNC_MOUNT = "/run/runc";

/** Labels (docker) and tags (aws) that record the declared runc versions; the policy pack reads them. */
export const RUNC_LABELS = {
  enabled: "openwhisk.runc.enabled",
  hostVersion: "openwhisk.runc.host-version",
  imageVersion: "openwhisk.runc.image-version",
} as const;

export interface RenderInvokerArgs {
  config: StackConfig;
  stack: string;
  index: number;
  endpoints: ServiceEndpoints;
  /** The docker daemon's root dir on the host (its containers/ is mounted). */
  dockerRootDir: string;
}

export function renderInvoker(args: RenderInvokerArgs): ContainerSpec {
  const { config, stack, index, endpoints } = args;
  const { invokers, release } = config;
  const name = invokerName(index);
  const useRunc = String(invokers.useRunc);
  const db = DB_NAMES(config.services.dbPrefix);
  const env: Record<string, EnvValue> = {
    ...commonEnv(config, stack, endpoints, invokers.heap),
    INVOKER_OPTS: "",
    JMX_REMOTE: "false",
    ZOOKEEPER_HOSTS: endpoints.zookeeperHosts.join(","),
    DB_WHISK_ACTIONS: db.whisks,
    DB_WHISK_ACTIVATIONS: db.activations,
    DB_WHISK_AUTHS: db.subjects,
    WHISK_API_HOST_PROTO: endpoints.apiHost.proto,
    WHISK_API_HOST_PORT: String(endpoints.apiHost.port),
    WHISK_API_HOST_NAME: endpoints.apiHost.name,
    // The documented name; the only one legacy-2017 builds read.
    [RUNC_KEY.legacy]: useRunc,
    CONFIG_whisk_containerFactory_containerArgs_network: config.target === "docker" ? config.docker!.networkName : "bridge",
    CONFIG_whisk_containerPool_userMemory: invokers.userMemory,
    CONFIG_whisk_docker_client_parallelRuns: "10",
    CONFIG_whisk_invoker_protocol: "http",
    CONFIG_whisk_invoker_username: "invoker.user",
    CONFIG_whisk_invoker_password: { secret: "invokerPassword" },
    WHISK_LOGS_DIR: "/logs",
  };
  // Every build since Apr 2018 reads only this one (facts §4).
  if (release.flavor !== "legacy-2017") env[RUNC_KEY.config] = useRunc;
  if (needsExplicitShardingBalancer(release.flavor)) {
    env[SHARDING_BALANCER.invokerProviderKey] = SHARDING_BALANCER.invokerProvider;
    env[SHARDING_BALANCER.invokerServerKey] = SHARDING_BALANCER.invokerServer;
  }

  const volumes: VolumeSpec[] = [
    { hostPath: "/sys/fs/cgroup", containerPath: "/sys/fs/cgroup" },
    { hostPath: `/var/tmp/wsklogs/${name}`, containerPath: "/logs" },
    { hostPath: `/var/tmp/wskconf/${name}`, containerPath: "/conf" },
    { hostPath: `${args.dockerRootDir.replace(/\/$/, "")}/containers`, containerPath: "/containers" },
    { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" },
  ];
  if (invokers.useRunc) volumes.push({ hostPath: invokers.runcRoot, containerPath: RUNC_MOUNT });

  const labels: Record<string, string> = {
    "openwhisk.role": "invoker",
    "openwhisk.index": String(index),
    "openwhisk.flavor": release.flavor,
    [RUNC_LABELS.enabled]: useRunc,
  };
  if (invokers.runc?.hostVersion) labels[RUNC_LABELS.hostVersion] = invokers.runc.hostVersion;
  if (invokers.runc?.imageVersion) labels[RUNC_LABELS.imageVersion] = invokers.runc.imageVersion;

  return {
    name,
    role: "invoker",
    index,
    image: release.invokerImage,
    command: ["/bin/sh", "-c", `exec /init.sh --id ${index} --uniqueName ${index}`],
    hostname: name,
    env: withoutEmpty(env),
    ports: [{ internal: SERVICE_PORTS.api, external: invokers.apiPortBase + index, purpose: "api" }],
    volumes,
    files: [],
    restart: "always",
    healthCheck: pingHealthCheck(),
    labels,
    privileged: true,
    pidMode: "host",
    usernsMode: "host",
    aliases: [name],
    dependsOn: [...(endpoints.inStack.kafka ? ["kafka"] : []), ...(endpoints.inStack.couchdb ? ["initdb"] : [])],
    oneShot: false,
  };
}
