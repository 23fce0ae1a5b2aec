/**
 * The full container spec of controller i (docs/builds.md#what-a-controller-needs-before-it-serves), on its static address, in the names its build
 * reads and with everything its build needs to start (startupContract.ts).
 */
import type { StackConfig } from "../config/schema";
import { BUILDS } from "./builds";
import { clusterEnv } from "./clusterEnv";
import { buildInfo, javaOpts, legacyDbEnv, legacyKafkaEnv, modernCommonEnv, runtimesManifest, withoutEmpty } from "./commonEnv";
import type { ContainerSpec, EnvValue, FileSpec, PortSpec } from "./containerSpec";
import { needsExplicitShardingBalancer, readsControllerInstances, SHARDING_BALANCER } from "./flavors";
import { jmxFiles, jmxOpts, jmxPrelude } from "./jmx";
import type { StaticAddress } from "./seedAddresses";
import { pingHealthCheck, SERVICE_PORTS, ServiceEndpoints } from "./serviceEndpoints";
import { kafkaTopicsJobName, needsKafkaTopicsJob } from "./kafkaTopics";
import { deepFreeze } from "./deepFreeze";

/** Entitlement limits (WhiskConfig names, read by every build: Entitlement.scala, Actions.scala). */
export const ENTITLEMENT_LIMITS = {
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60",
  LIMITS_ACTIONS_INVOKES_CONCURRENT: "30",
  LIMITS_TRIGGERS_FIRES_PERMINUTE: "60",
  LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
};

/** Action limits and balancer tuning, 1.0.0 and later (CONFIG_ keys; BUILD_PROPERTIES cites each). */
export const CONTROLLER_LIMITS = {
  ...ENTITLEMENT_LIMITS,
  CONFIG_whisk_memory_min: "128m",
  CONFIG_whisk_memory_max: "512m",
  CONFIG_whisk_memory_std: "256m",
  CONFIG_whisk_timeLimit_min: "100ms",
  CONFIG_whisk_timeLimit_max: "5m",
  CONFIG_whisk_timeLimit_std: "1m",
  CONFIG_whisk_loadbalancer_managedFraction: "0.9",
  CONFIG_whisk_loadbalancer_blackboxFraction: "0.1",
  CONFIG_whisk_loadbalancer_timeoutFactor: "2",
  CONFIG_whisk_loadbalancer_timeoutAddon: "1m",
};

/**
 * The seed build's own settings (febde0042 ansible/roles/controller/tasks/deploy.yml and the Scala
 * requiredProperties): limits, balancer tuning, and CONTROLLER_LOCALBOOKKEEPING=false, without which
 * (ansible's default there is true) the controller keeps local state and never joins the cluster
 * (LoadBalancerService.scala: the cluster is joined only when localBookkeeping is off).
 */
export const LEGACY_CONTROLLER_SETTINGS = {
  ...ENTITLEMENT_LIMITS,
  LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM: "5000",
  CONTROLLER_BLACKBOXFRACTION: "0.10",
  LOADBALANCER_INVOKERBUSYTHRESHOLD: "16",
  CONTROLLER_LOCALBOOKKEEPING: "false",
};

export interface RenderControllerArgs {
  config: StackConfig;
  stack: string;
  /** The static addresses of all controllers (from planSeedAddresses / StaticSeedAddresses). */
  addresses: StaticAddress[];
  index: number;
  endpoints: ServiceEndpoints;
  /** Publish the remoting port on the host (aws: one controller per host). */
  publishRemoting: boolean;
}

/** The command each build starts a controller with; `prelude` runs first (JMX files). */
export function controllerCommand(config: StackConfig, index: number, prelude = ""): string[] {
  if (config.release.flavor === "legacy-2017") {
    // febde0042: no init.sh; the remoting layer binds ${?CONTAINER_IP}, which upstream exports as
    // $(hostname -I): its first word is the container's address.
    return ["/bin/sh", "-c", `${prelude}set -- $(hostname -I) && export CONTAINER_IP="$1" && exec /controller/bin/controller ${index}`];
  }
  // 1.0.0 and later: /init.sh runs copyJMXFiles.sh and transformEnvironment.sh, then controller/bin/controller <index>.
  return ["/bin/sh", "-c", `${prelude}exec /init.sh ${index}`];
}

function controllerEnv(config: StackConfig, stack: string, self: StaticAddress, addresses: StaticAddress[], endpoints: ServiceEndpoints): Record<string, EnvValue> {
  const { controllers, release } = config;
  const downing = controllers.downing;
  const info = buildInfo(config);
  const opts = downing.mode === "manual" ? jmxOpts(self.host, downing.port) : "";
  if (release.flavor === "legacy-2017") {
    // No CONFIG_ key: that build has no transformEnvironment.sh and would ignore every one.
    return {
      JAVA_OPTS: javaOpts(controllers.heap),
      CONTROLLER_OPTS: opts,
      PORT: "8080",
      WHISK_VERSION_DATE: info.date,
      WHISK_VERSION_BUILDNO: info.buildNo,
      ...legacyKafkaEnv(endpoints),
      ...legacyDbEnv(config, endpoints, "controller"),
      ...LEGACY_CONTROLLER_SETTINGS,
      RUNTIMES_MANIFEST: runtimesManifest(config),
      ...clusterEnv(config, self, addresses),
    };
  }
  const env: Record<string, EnvValue> = {
    ...modernCommonEnv(config, stack, endpoints, controllers.heap, "controller"),
    CONTROLLER_OPTS: opts,
    // Required at startup, no default anywhere (RestAPIs.scala loadConfigOrThrow[WhiskInformation]).
    CONFIG_whisk_info_buildNo: info.buildNo,
    CONFIG_whisk_info_date: info.date,
    ...clusterEnv(config, self, addresses),
    ...CONTROLLER_LIMITS,
  };
  if (BUILDS[release.flavor].hasSchedulerEraKeys) {
    env.CONFIG_whisk_controller_username = "controller.user";
    env.CONFIG_whisk_controller_password = { secret: "controllerPassword" };
  }
  // Explicit on every build that has the key (1.0.0's default is the same balancer); required on 2.0.0+ (docs/builds.md#which-load-balancer-uses-the-cluster).
  if (needsExplicitShardingBalancer(release.flavor) || release.flavor === "akka-2.5") {
    env[SHARDING_BALANCER.loadBalancerKey] = SHARDING_BALANCER.loadBalancer;
    env[SHARDING_BALANCER.entitlementKey] = SHARDING_BALANCER.entitlement;
  }
  return withoutEmpty(env);
}

export function renderController(args: RenderControllerArgs): ContainerSpec {
  const { config, stack, addresses, index, endpoints } = args;
  const self = addresses[index];
  const { controllers, release } = config;
  const downing = controllers.downing;
  const env = controllerEnv(config, stack, self, addresses, endpoints);
  if (readsControllerInstances(release.flavor)) env.CONTROLLER_INSTANCES = String(controllers.count);

  const ports: PortSpec[] = [
    // docker: on 127.0.0.1 only (the edge is the way in); aws: the host's port, open to the edge's security group only.
    { internal: SERVICE_PORTS.api, external: controllers.apiPortBase + index, purpose: "api", ...(config.target === "docker" ? { hostIp: "127.0.0.1" } : {}) },
    { internal: self.port, external: args.publishRemoting ? self.port : undefined, purpose: "remoting" },
  ];
  let files: FileSpec[] = [];
  let prelude = "";
  if (downing.mode === "manual") {
    const publish = args.publishRemoting ? downing.port : undefined;
    ports.push({ internal: downing.port, external: publish, purpose: "jmx" });
    ports.push({ internal: downing.port + 1, external: publish && publish + 1, purpose: "rmi" });
    files = jmxFiles(downing.user);
    prelude = jmxPrelude(release.flavor);
  }
  return {
    name: self.name,
    role: "controller",
    index,
    image: release.controllerImage,
    command: controllerCommand(config, index, prelude),
    hostname: self.name,
    env,
    ports,
    volumes: [
      { hostPath: `/var/tmp/wsklogs/${self.name}`, containerPath: "/logs" },
      { hostPath: `/var/tmp/wskconf/${self.name}`, containerPath: "/conf" },
    ],
    files,
    restart: "always",
    healthCheck: pingHealthCheck(),
    labels: {
      "openwhisk.role": "controller",
      "openwhisk.index": String(index),
      "openwhisk.flavor": release.flavor,
      "openwhisk.seed": String(self.seed),
      "openwhisk.static-address": self.privateIp,
      "openwhisk.dns-name": self.dnsName,
      "openwhisk.environment": config.environment,
      ...(downing.mode === "auto" && downing.comment ? { "openwhisk.downing-comment": downing.comment } : {}),
    },
    privileged: false,
    staticAddress: { ip: self.privateIp, dnsName: self.dnsName },
    aliases: self.dnsName === self.name ? [self.name] : [self.name, self.dnsName],
    dependsOn: [...(endpoints.inStack.kafka ? ["kafka"] : []), "initdb", ...(needsKafkaTopicsJob(config) ? [kafkaTopicsJobName(self.name)] : [])],
    oneShot: false,
  };
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(ENTITLEMENT_LIMITS, CONTROLLER_LIMITS, LEGACY_CONTROLLER_SETTINGS);
