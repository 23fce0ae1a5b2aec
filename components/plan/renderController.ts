/** The full container spec of controller i (facts §3), on its static address. */
import type { StackConfig } from "../config/schema";
import { jmxOpts, clusterEnv } from "./clusterEnv";
import { commonEnv, withoutEmpty } from "./commonEnv";
import type { ContainerSpec, EnvValue, PortSpec } from "./containerSpec";
import { needsExplicitShardingBalancer, readsControllerInstances, SHARDING_BALANCER } from "./flavors";
import type { StaticAddress } from "./seedAddresses";
import { pingHealthCheck, SERVICE_PORTS, ServiceEndpoints } from "./serviceEndpoints";

export const CONTROLLER_LIMITS = {
  LIMITS_ACTIONS_INVOKES_PERMINUTE: "60",
  LIMITS_ACTIONS_INVOKES_CONCURRENT: "30",
  LIMITS_TRIGGERS_FIRES_PERMINUTE: "60",
  LIMITS_ACTIONS_SEQUENCE_MAXLENGTH: "50",
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

export function renderController(args: RenderControllerArgs): ContainerSpec {
  const { config, stack, addresses, index, endpoints } = args;
  const self = addresses[index];
  const { controllers, release } = config;
  const downing = controllers.downing;
  const env: Record<string, EnvValue> = {
    ...commonEnv(config, stack, endpoints, controllers.heap),
    CONTROLLER_OPTS: downing.mode === "manual" && downing.via === "jmx" ? jmxOpts(self.host, downing.port) : "",
    JMX_REMOTE: "false",
    ...clusterEnv(config, self, addresses),
    CONFIG_whisk_controller_username: "controller.user",
    CONFIG_whisk_controller_password: { secret: "controllerPassword" },
    ...CONTROLLER_LIMITS,
  };
  if (needsExplicitShardingBalancer(release.flavor) || release.flavor === "akka-2.5") {
    env[SHARDING_BALANCER.loadBalancerKey] = SHARDING_BALANCER.loadBalancer;
    env[SHARDING_BALANCER.entitlementKey] = SHARDING_BALANCER.entitlement;
  }
  if (readsControllerInstances(release.flavor)) env.CONTROLLER_INSTANCES = String(controllers.count);

  const ports: PortSpec[] = [
    { internal: SERVICE_PORTS.api, external: controllers.apiPortBase + index, purpose: "api" },
    { internal: self.port, external: args.publishRemoting ? self.port : undefined, purpose: "remoting" },
  ];
  if (downing.mode === "manual") {
    const publish = args.publishRemoting ? downing.port : undefined;
    if (downing.via === "http") ports.push({ internal: downing.port, external: publish, purpose: "management" });
    else {
      ports.push({ internal: downing.port, external: publish, purpose: "jmx" });
      ports.push({ internal: downing.port + 1, external: publish && publish + 1, purpose: "rmi" });
    }
  }
  return {
    name: self.name,
    role: "controller",
    index,
    image: release.controllerImage,
    command: ["/bin/sh", "-c", `exec /init.sh ${index}`],
    hostname: self.name,
    env: withoutEmpty(env),
    ports,
    volumes: [
      { hostPath: `/var/tmp/wsklogs/${self.name}`, containerPath: "/logs" },
      { hostPath: `/var/tmp/wskconf/${self.name}`, containerPath: "/conf" },
    ],
    files: [],
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
    dependsOn: [...(endpoints.inStack.kafka ? ["kafka"] : []), ...(endpoints.inStack.couchdb ? ["initdb"] : [])],
    oneShot: false,
  };
}
