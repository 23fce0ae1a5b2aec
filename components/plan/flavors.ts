/**
 * What each OpenWhisk build reads (docs/builds.md#controller-cluster-keys-per-build, docs/builds.md#invokers-and-runc, docs/builds.md#which-load-balancer-uses-the-cluster): the single place that knows env key names per
 * flavour. Renderers and policies both use it; nothing else spells a cluster key.
 */
import type { Flavor } from "../config/flavorNames";
import { deepFreeze } from "./deepFreeze";

export { FLAVORS, type Flavor } from "../config/flavorNames";

export const ACTOR_SYSTEM = "controller-actor-system";

export interface ClusterKeys {
  /** The seed URI scheme, or undefined when seeds are a plain host:port list (legacy-2017). */
  scheme: "akka.tcp" | "akka" | "pekko" | undefined;
  /** Root of the CONFIG_ keys (`akka` / `pekko`), undefined for the legacy env names. */
  root: "akka" | "pekko" | undefined;
  actorProvider: string;
  /** Indexed seed keys (`<prefix><i>`), or the single list key for legacy-2017. */
  seedNodesPrefix: string | undefined;
  seedNodesList: string | undefined;
  canonicalHostname: string;
  canonicalPort: string;
  bindPort: string;
  bindHostname: string | undefined;
  /** Akka 2.5 auto-down key; undefined where the build ignores it. */
  autoDown: string | undefined;
  /** Split-brain resolver keys; undefined where the build has none. */
  sbr: { providerKey: string; providerClass: string; strategy: string; stableAfter: string; quorumSize: string; leaseImplementation: string } | undefined;
  /**
   * Cluster HTTP management keys. Stock images never start management with static seeds (docs/builds.md#controller-cluster-keys-per-build), so
   * nothing renders them; the policy pack recognises them in hand-written stacks.
   */
  management: { hostname: string; port: string; bindHostname: string; bindPort: string; readOnly: string } | undefined;
  /** The JMX MBean an external supervisor uses to down a member. */
  jmxMBean: string;
  /**
   * `<root>.cluster.shutdown-after-unsuccessful-join-seed-nodes`, where the build sets it: 2.0.0 and
   * master put `60s` on the controller's classpath (core/scheduler/src/main/resources/application.conf,
   * a dependency of core/controller/build.gradle), after which a node that has not joined runs
   * CoordinatedShutdown (akka ClusterDaemon.scala `joinSeedNodesWasUnsuccessful` at v2.6.12). Undefined
   * where the build leaves Akka's default, `off` (1.0.0, febde0042).
   */
  shutdownAfterUnsuccessfulJoin: string | undefined;
}

const LEGACY: ClusterKeys = {
  scheme: undefined,
  root: undefined,
  actorProvider: "AKKA_ACTOR_PROVIDER",
  seedNodesPrefix: undefined,
  seedNodesList: "AKKA_CLUSTER_SEED_NODES",
  canonicalHostname: "AKKA_CLUSTER_HOST",
  canonicalPort: "AKKA_CLUSTER_PORT",
  bindPort: "AKKA_CLUSTER_BIND_PORT",
  bindHostname: undefined,
  autoDown: "AUTO_DOWN_UNREACHABLE_AFTER",
  sbr: undefined,
  management: undefined,
  jmxMBean: "akka:type=Cluster",
  shutdownAfterUnsuccessfulJoin: undefined,
};

function management(root: "akka" | "pekko") {
  return {
    hostname: `CONFIG_${root}_management_http_hostname`,
    port: `CONFIG_${root}_management_http_port`,
    bindHostname: `CONFIG_${root}_management_http_bindHostname`,
    bindPort: `CONFIG_${root}_management_http_bindPort`,
    readOnly: `CONFIG_${root}_management_http_routeProvidersReadOnly`,
  };
}

const AKKA_25: ClusterKeys = {
  scheme: "akka.tcp",
  root: "akka",
  actorProvider: "CONFIG_akka_actor_provider",
  seedNodesPrefix: "CONFIG_akka_cluster_seedNodes_",
  seedNodesList: undefined,
  canonicalHostname: "CONFIG_akka_remote_netty_tcp_hostname",
  canonicalPort: "CONFIG_akka_remote_netty_tcp_port",
  bindPort: "CONFIG_akka_remote_netty_tcp_bindPort",
  bindHostname: undefined,
  autoDown: "CONFIG_akka_cluster_autoDownUnreachableAfter",
  sbr: undefined,
  management: management("akka"),
  jmxMBean: "akka:type=Cluster",
  shutdownAfterUnsuccessfulJoin: undefined,
};

const AKKA_26: ClusterKeys = {
  scheme: "akka",
  root: "akka",
  actorProvider: "CONFIG_akka_actor_provider",
  seedNodesPrefix: "CONFIG_akka_cluster_seedNodes_",
  seedNodesList: undefined,
  canonicalHostname: "CONFIG_akka_remote_artery_canonical_hostname",
  canonicalPort: "CONFIG_akka_remote_artery_canonical_port",
  bindPort: "CONFIG_akka_remote_artery_bind_port",
  bindHostname: "CONFIG_akka_remote_artery_bind_hostname",
  autoDown: undefined,
  sbr: {
    providerKey: "CONFIG_akka_cluster_downingProviderClass",
    providerClass: "akka.cluster.sbr.SplitBrainResolverProvider",
    strategy: "CONFIG_akka_cluster_splitBrainResolver_activeStrategy",
    stableAfter: "CONFIG_akka_cluster_splitBrainResolver_stableAfter",
    quorumSize: "CONFIG_akka_cluster_splitBrainResolver_staticQuorum_quorumSize",
    leaseImplementation: "CONFIG_akka_cluster_splitBrainResolver_leaseMajority_leaseImplementation",
  },
  management: management("akka"),
  jmxMBean: "akka:type=Cluster",
  shutdownAfterUnsuccessfulJoin: "CONFIG_akka_cluster_shutdownAfterUnsuccessfulJoinSeedNodes",
};

const PEKKO: ClusterKeys = {
  scheme: "pekko",
  root: "pekko",
  actorProvider: "CONFIG_pekko_actor_provider",
  seedNodesPrefix: "CONFIG_pekko_cluster_seedNodes_",
  seedNodesList: undefined,
  canonicalHostname: "CONFIG_pekko_remote_artery_canonical_hostname",
  canonicalPort: "CONFIG_pekko_remote_artery_canonical_port",
  bindPort: "CONFIG_pekko_remote_artery_bind_port",
  bindHostname: "CONFIG_pekko_remote_artery_bind_hostname",
  autoDown: undefined,
  sbr: {
    providerKey: "CONFIG_pekko_cluster_downingProviderClass",
    providerClass: "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    strategy: "CONFIG_pekko_cluster_splitBrainResolver_activeStrategy",
    stableAfter: "CONFIG_pekko_cluster_splitBrainResolver_stableAfter",
    quorumSize: "CONFIG_pekko_cluster_splitBrainResolver_staticQuorum_quorumSize",
    leaseImplementation: "CONFIG_pekko_cluster_splitBrainResolver_leaseMajority_leaseImplementation",
  },
  management: management("pekko"),
  jmxMBean: "pekko:type=Cluster",
  shutdownAfterUnsuccessfulJoin: "CONFIG_pekko_cluster_shutdownAfterUnsuccessfulJoinSeedNodes",
};

export const CLUSTER_KEYS: Record<Flavor, ClusterKeys> = {
  "legacy-2017": LEGACY,
  "akka-2.5": AKKA_25,
  "akka-2.6": AKKA_26,
  pekko: PEKKO,
};

/** The runc switch: the key each build reads (docs/builds.md#invokers-and-runc). */
export const RUNC_KEY = {
  legacy: "INVOKER_USE_RUNC",
  config: "CONFIG_whisk_docker_containerFactory_useRunc",
} as const;

export function runcKeyFor(flavor: Flavor): string {
  return flavor === "legacy-2017" ? RUNC_KEY.legacy : RUNC_KEY.config;
}

/** SPI keys that select the controller-cluster architecture (docs/builds.md#which-load-balancer-uses-the-cluster). */
export const SHARDING_BALANCER = {
  loadBalancerKey: "CONFIG_whisk_spi_LoadBalancerProvider",
  loadBalancer: "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer",
  entitlementKey: "CONFIG_whisk_spi_EntitlementSpiProvider",
  entitlement: "org.apache.openwhisk.core.entitlement.LocalEntitlementProvider",
  invokerProviderKey: "CONFIG_whisk_spi_InvokerProvider",
  invokerProvider: "org.apache.openwhisk.core.invoker.InvokerReactive",
  invokerServerKey: "CONFIG_whisk_spi_InvokerServerProvider",
  invokerServer: "org.apache.openwhisk.core.invoker.DefaultInvokerServer",
} as const;

/** Builds whose default balancer is the FPC scheduler's, so the sharding balancer must be explicit. */
export function needsExplicitShardingBalancer(flavor: Flavor): boolean {
  return flavor === "akka-2.6" || flavor === "pekko";
}

/** Whether the build reads CONTROLLER_INSTANCES (removed in Jul 2019, docs/builds.md#which-load-balancer-uses-the-cluster). */
export function readsControllerInstances(flavor: Flavor): boolean {
  return flavor === "legacy-2017";
}

/** A seed node as the flavour writes it. */
export function seedUri(flavor: Flavor, host: string, port: number): string {
  const scheme = CLUSTER_KEYS[flavor].scheme;
  return scheme ? `${scheme}://${ACTOR_SYSTEM}@${host}:${port}` : `${host}:${port}`;
}

/** Parses a seed as any flavour writes it; undefined when it is not a seed address at all. */
export function parseSeedUri(text: string): { scheme: string | undefined; system: string | undefined; host: string; port: number } | undefined {
  const uri = /^([a-z.]+):\/\/([^@/]+)@([^:/]+):(\d+)\/?$/.exec(text.trim());
  if (uri) return { scheme: uri[1], system: uri[2], host: uri[3], port: Number(uri[4]) };
  const plain = /^([^:/@\s]+):(\d+)$/.exec(text.trim());
  if (plain) return { scheme: undefined, system: undefined, host: plain[1], port: Number(plain[2]) };
  return undefined;
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(CLUSTER_KEYS, RUNC_KEY, SHARDING_BALANCER);
