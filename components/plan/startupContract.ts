/**
 * The startup contract of each build: what a controller or an invoker must be given, with no default
 * anywhere in the image, or it never serves. Each row cites the upstream file (apache/openwhisk at the
 * build's ref, see builds.ts) where the build demands it. The reverse table, BUILD_PROPERTIES, lists
 * every config property this project renders and where the build defines or reads it, so nothing is
 * rendered that the build ignores.
 *
 * Dependency-free but for other pure modules: the policy pack (`startup-config-complete`) reads it.
 */
import { configFileOpaque } from "./jvmConfigFile";
import type { Flavor } from "../config/flavorNames";
import { configKeyToProperty, jvmProperties } from "./envTransform";
import { deepFreeze } from "./deepFreeze";

export type NodeKind = "controller" | "invoker";

export interface StartupRequirement {
  /**
   * `env`: a variable read by name (WhiskConfig's required properties, `${?VAR}` substitutions): it must be
   * present (an empty value counts: WhiskConfig only rejects a missing one).
   * `property`: a config path loaded without default (`loadConfigOrThrow`): a non-empty `CONFIG_` key that
   * maps to it, or a `-D` option in JAVA_OPTS / CONTROLLER_OPTS / INVOKER_OPTS.
   */
  kind: "env" | "property";
  setting: string;
  /** What this project renders for it (the env name a hand-written stack most likely uses too). */
  renderedAs: string;
  /** Upstream file and symbol that demand it. */
  evidence: string;
  /** Not required when the node selects another implementation through this property (e.g. another artifact store). */
  unlessProperty?: { property: string; notMatching: RegExp };
}

const env = (setting: string, evidence: string): StartupRequirement => ({ kind: "env", setting, renderedAs: setting, evidence });
const prop = (setting: string, renderedAs: string, evidence: string, unlessProperty?: StartupRequirement["unlessProperty"]): StartupRequirement => ({
  kind: "property", setting, renderedAs, evidence, unlessProperty,
});

// ---- legacy-2017: apache/openwhisk febde0042, WhiskConfig env names (property `a.b.c` is read from env `A_B_C`).
const L = "febde0042:";
const LEGACY_DB = (...dbs: string[]) => [
  ...["DB_PROVIDER", "DB_PROTOCOL", "DB_USERNAME", "DB_PASSWORD", "DB_HOST", "DB_PORT"].map((k) => env(k, `${L}common/scala/src/main/scala/whisk/core/entity/WhiskStore.scala (WhiskAuthStore/WhiskEntityStore/WhiskActivationStore.requiredProperties)`)),
  ...dbs.map((k) => env(k, `${L}common/scala/src/main/scala/whisk/core/entity/WhiskStore.scala (requiredProperties)`)),
];
const LEGACY_CONTROLLER: StartupRequirement[] = [
  env("CONTROLLER_INSTANCES", `${L}core/controller/src/main/scala/whisk/core/controller/Controller.scala (requiredProperties: controller.instances)`),
  env("RUNTIMES_MANIFEST", `${L}common/scala/src/main/scala/whisk/core/entity/ExecManifest.scala (requiredProperties)`),
  env("WHISK_VERSION_DATE", `${L}core/controller/src/main/scala/whisk/core/controller/RestAPIs.scala (RestApiCommons.requiredProperties: WhiskConfig.whiskVersion)`),
  env("WHISK_VERSION_BUILDNO", `${L}core/controller/src/main/scala/whisk/core/controller/RestAPIs.scala (RestApiCommons.requiredProperties: WhiskConfig.whiskVersion)`),
  ...LEGACY_DB("DB_WHISK_AUTHS", "DB_WHISK_ACTIONS", "DB_WHISK_ACTIVATIONS"),
  ...["LIMITS_ACTIONS_INVOKES_PERMINUTE", "LIMITS_ACTIONS_INVOKES_CONCURRENT", "LIMITS_TRIGGERS_FIRES_PERMINUTE", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM"].map((k) =>
    env(k, `${L}core/controller/src/main/scala/whisk/core/entitlement/Entitlement.scala (EntitlementProvider.requiredProperties)`)),
  env("LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", `${L}core/controller/src/main/scala/whisk/core/controller/Actions.scala (WhiskActionsApi.requiredProperties)`),
  ...["KAFKA_HOST", "KAFKA_HOST_PORT", "LOADBALANCER_INVOKERBUSYTHRESHOLD", "CONTROLLER_BLACKBOXFRACTION", "CONTROLLER_LOCALBOOKKEEPING", "AKKA_CLUSTER_SEED_NODES"].map((k) =>
    env(k, `${L}core/controller/src/main/scala/whisk/core/loadBalancer/LoadBalancerService.scala (LoadBalancerService.requiredProperties)`)),
];
const LEGACY_INVOKER: StartupRequirement[] = [
  ...["DOCKER_REGISTRY", "DOCKER_IMAGE_PREFIX", "INVOKER_CONTAINER_NETWORK"].map((k) => env(k, `${L}core/invoker/src/main/scala/whisk/core/invoker/Invoker.scala (requiredProperties)`)),
  env("RUNTIMES_MANIFEST", `${L}common/scala/src/main/scala/whisk/core/entity/ExecManifest.scala (requiredProperties)`),
  ...LEGACY_DB("DB_WHISK_ACTIONS", "DB_WHISK_ACTIVATIONS"),
  ...["KAFKA_HOST", "KAFKA_HOST_PORT"].map((k) => env(k, `${L}core/invoker/src/main/scala/whisk/core/invoker/Invoker.scala (requiredProperties: WhiskConfig.kafkaHost)`)),
  env("WHISK_API_HOST_NAME", `${L}core/invoker/src/main/scala/whisk/core/invoker/Invoker.scala (requiredProperties: WhiskConfig.wskApiHost)`),
];

// ---- 1.0.0, 2.0.0, master (package org.apache.openwhisk): WhiskConfig env names plus Typesafe config paths.
const S = "core/controller/src/main/scala/org/apache/openwhisk/core";
const COUCHDB_UNLESS = { property: "whisk.spi.ArtifactStoreProvider", notMatching: /CouchDbStoreProvider$/ };
const couchdb = (ref: string): StartupRequirement[] =>
  [
    ["provider", "CONFIG_whisk_couchdb_provider"], ["protocol", "CONFIG_whisk_couchdb_protocol"], ["host", "CONFIG_whisk_couchdb_host"],
    ["port", "CONFIG_whisk_couchdb_port"], ["username", "CONFIG_whisk_couchdb_username"], ["password", "CONFIG_whisk_couchdb_password"],
    ["databases.WhiskAuth", "CONFIG_whisk_couchdb_databases_WhiskAuth"], ["databases.WhiskEntity", "CONFIG_whisk_couchdb_databases_WhiskEntity"],
    ["databases.WhiskActivation", "CONFIG_whisk_couchdb_databases_WhiskActivation"],
  ].map(([p, k]) => prop(`whisk.couchdb.${p}`, k, `${ref}:common/scala/src/main/scala/org/apache/openwhisk/core/database/CouchDbStoreProvider.scala (loadConfigOrThrow[CouchDbConfig]; no whisk.couchdb in any .conf)`, COUCHDB_UNLESS));

function modernController(ref: string): StartupRequirement[] {
  return [
    env("RUNTIMES_MANIFEST", `${ref}:common/scala/src/main/scala/org/apache/openwhisk/core/entity/ExecManifest.scala (requiredProperties)`),
    { ...env("KAFKA_HOSTS", `${ref}:${S}/loadBalancer/ShardingContainerPoolBalancer.scala (requiredProperties = kafkaHosts)`), unlessProperty: { property: "whisk.spi.LoadBalancerProvider", notMatching: /ShardingContainerPoolBalancer$/ } },
    ...["LIMITS_ACTIONS_INVOKES_PERMINUTE", "LIMITS_ACTIONS_INVOKES_CONCURRENT", "LIMITS_TRIGGERS_FIRES_PERMINUTE"].map((k) =>
      env(k, `${ref}:${S}/entitlement/Entitlement.scala (EntitlementProvider.requiredProperties)`)),
    env("LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", `${ref}:${S}/controller/Actions.scala (WhiskActionsApi.requiredProperties)`),
    prop("whisk.info.build-no", "CONFIG_whisk_info_buildNo", `${ref}:${S}/controller/RestAPIs.scala (loadConfigOrThrow[WhiskInformation]; no whisk.info in any .conf)`),
    prop("whisk.info.date", "CONFIG_whisk_info_date", `${ref}:${S}/controller/RestAPIs.scala (loadConfigOrThrow[WhiskInformation]; no whisk.info in any .conf)`),
    ...couchdb(ref),
  ];
}

function modernInvoker(ref: string, zookeeperRequired: boolean): StartupRequirement[] {
  const invoker = `${ref}:core/invoker/src/main/scala/org/apache/openwhisk/core/invoker/Invoker.scala (requiredProperties)`;
  return [
    env("RUNTIMES_MANIFEST", `${ref}:common/scala/src/main/scala/org/apache/openwhisk/core/entity/ExecManifest.scala (requiredProperties)`),
    env("KAFKA_HOSTS", invoker),
    env("WHISK_API_HOST_NAME", invoker),
    ...(zookeeperRequired ? [env("ZOOKEEPER_HOSTS", invoker)] : []),
    ...couchdb(ref),
  ];
}

export const STARTUP_CONTRACT: Record<Flavor, Record<NodeKind, StartupRequirement[]>> = {
  "legacy-2017": { controller: LEGACY_CONTROLLER, invoker: LEGACY_INVOKER },
  // ZooKeeper hosts: required at 1.0.0, optional (optionalProperties) since 2.0.0.
  "akka-2.5": { controller: modernController("1.0.0"), invoker: modernInvoker("1.0.0", true) },
  "akka-2.6": { controller: modernController("2.0.0"), invoker: modernInvoker("2.0.0", false) },
  pekko: { controller: modernController("master"), invoker: modernInvoker("master", false) },
};

export interface MissingSetting {
  requirement: StartupRequirement;
}

/**
 * The requirements a node's env leaves unmet. `env` is what the container sees; `complete` says whether
 * every key of it is known (an unknown entry might be the missing one: then only properties given
 * nowhere at all could be judged, so nothing is reported). The settings of a config file (OPENWHISK_CONFIG,
 * OPENWHISK_ENCODED_CONFIG) count as given in `env`'s CONFIG_ keys; one that includes files the text does
 * not show leaves property requirements unjudged.
 */
export function missingStartupSettings(
  flavor: Flavor,
  kind: NodeKind,
  env: Map<string, string>,
  readsConfigKeys: boolean,
  /** Keys whose value is filled in on the host at start (present, value unknown). */
  runtimeKeys: ReadonlySet<string> = new Set(),
): StartupRequirement[] {
  const props = jvmProperties(env, readsConfigKeys);
  if (readsConfigKeys) for (const k of runtimeKeys) {
    const p = configKeyToProperty(k);
    if (p !== undefined && props[p] === undefined) props[p] = "(set at start)";
  }
  // The config file's settings are in `env` as their CONFIG_ keys (read as HOCON); only a file that may set
  // more than its text shows (an include of a host file, an unanswered substitution) leaves properties unjudged.
  const configFile = configFileOpaque(env, runtimeKeys);
  const missing: StartupRequirement[] = [];
  for (const r of STARTUP_CONTRACT[flavor][kind]) {
    if (r.unlessProperty) {
      const chosen = props[r.unlessProperty.property];
      if (chosen !== undefined && r.unlessProperty.notMatching.test(chosen.trim()) === false) continue;
    }
    if (r.kind === "env") {
      if (!env.has(r.setting) && !runtimeKeys.has(r.setting)) missing.push(r);
    } else if (!configFile && (props[r.setting] === undefined || props[r.setting].trim() === "")) {
      missing.push(r);
    }
  }
  return missing;
}

/**
 * Config properties this project renders through `CONFIG_` keys, and where each build defines or reads
 * them (the reverse of the contract: a key the build does not read is a silent no-op). A `*` suffix
 * stands for one path segment (an index, a database name).
 */
export interface BuildProperty {
  property: string;
  flavors: Flavor[];
  evidence: string;
}

const MODERN: Flavor[] = ["akka-2.5", "akka-2.6", "pekko"];
const SINCE_2: Flavor[] = ["akka-2.6", "pekko"];
const bp = (property: string, flavors: Flavor[], evidence: string): BuildProperty => ({ property, flavors, evidence });
const COMMON_APP = "common/scala/src/main/resources/application.conf";
const INVOKER_APP = "core/invoker/src/main/resources/application.conf";
const FACTS_1 = "docs/builds.md#controller-cluster-keys-per-build (the flavour's Akka/Pekko remoting and cluster keys; upstream ansible join_akka_cluster.yml / join_pekko_cluster.yml)";

export const BUILD_PROPERTIES: BuildProperty[] = [
  bp("whisk.info.build-no", MODERN, `${S}/controller/RestAPIs.scala WhiskInformation(buildNo, date)`),
  bp("whisk.info.date", MODERN, `${S}/controller/RestAPIs.scala WhiskInformation(buildNo, date)`),
  ...["provider", "protocol", "host", "port", "username", "password", "databases.*"].map((p) =>
    bp(`whisk.couchdb.${p}`, MODERN, "common/scala/src/main/scala/org/apache/openwhisk/core/database/CouchDbStoreProvider.scala CouchDbConfig")),
  bp("whisk.kafka.replication-factor", MODERN, `${COMMON_APP} whisk.kafka.replication-factor`),
  ...["min", "max", "std"].map((p) => bp(`whisk.memory.${p}`, MODERN, `${COMMON_APP} whisk.memory`)),
  ...["min", "max", "std"].map((p) => bp(`whisk.time-limit.${p}`, MODERN, `${COMMON_APP} whisk.time-limit`)),
  ...["managed-fraction", "blackbox-fraction", "timeout-factor", "timeout-addon"].map((p) =>
    bp(`whisk.loadbalancer.${p}`, MODERN, "core/controller/src/main/resources/reference.conf whisk.loadbalancer")),
  ...["LoadBalancerProvider", "EntitlementSpiProvider", "InvokerProvider", "InvokerServerProvider"].map((p) =>
    bp(`whisk.spi.${p}`, MODERN, "common/scala/src/main/resources/reference.conf whisk.spi")),
  bp("whisk.container-factory.container-args.network", MODERN, `${INVOKER_APP} whisk.container-factory.container-args`),
  bp("whisk.container-pool.user-memory", MODERN, `${INVOKER_APP} whisk.container-pool.user-memory`),
  bp("whisk.docker.client.parallel-runs", MODERN, `${INVOKER_APP} whisk.docker.client.parallel-runs`),
  bp("whisk.docker.container-factory.use-runc", MODERN, `${INVOKER_APP} whisk.docker.container-factory.use-runc`),
  bp("whisk.invoker.protocol", MODERN, `${INVOKER_APP} whisk.invoker.protocol`),
  bp("logback.log.level", MODERN, "common/scala/src/main/resources/logback.xml ${logback.log.level:-INFO}"),
  // Came with 2.0.0's scheduler: absent from every .conf at 1.0.0.
  bp("whisk.cluster.name", SINCE_2, `${COMMON_APP} whisk.cluster.name (2.0.0+)`),
  bp("whisk.controller.username", SINCE_2, "core/controller/src/main/resources/application.conf whisk.controller.username (2.0.0+)"),
  bp("whisk.controller.password", SINCE_2, "core/controller/src/main/resources/application.conf whisk.controller.password (2.0.0+)"),
  bp("whisk.invoker.username", SINCE_2, `${INVOKER_APP} whisk.invoker.username (2.0.0+)`),
  bp("whisk.invoker.password", SINCE_2, `${INVOKER_APP} whisk.invoker.password (2.0.0+)`),
  // Akka 2.5 (netty remoting, auto-down), Akka 2.6 and Pekko (artery, split-brain resolver).
  bp("akka.actor.provider", ["akka-2.5", "akka-2.6"], FACTS_1),
  bp("akka.cluster.seed-nodes.*", ["akka-2.5", "akka-2.6"], FACTS_1),
  ...["hostname", "port", "bind-port"].map((p) => bp(`akka.remote.netty.tcp.${p}`, ["akka-2.5"], FACTS_1)),
  bp("akka.cluster.auto-down-unreachable-after", ["akka-2.5"], FACTS_1),
  ...["canonical.hostname", "canonical.port", "bind.hostname", "bind.port"].flatMap((p) => [
    bp(`akka.remote.artery.${p}`, ["akka-2.6"], FACTS_1),
    bp(`pekko.remote.artery.${p}`, ["pekko"], FACTS_1),
  ]),
  ...["downing-provider-class", "split-brain-resolver.active-strategy", "split-brain-resolver.stable-after", "split-brain-resolver.static-quorum.quorum-size", "split-brain-resolver.lease-majority.lease-implementation"].flatMap((p) => [
    bp(`akka.cluster.${p}`, ["akka-2.6"], "docs/builds.md#split-brain-resolver-akka-26-pekko (Akka cluster/src/main/resources/reference.conf split-brain-resolver)"),
    bp(`pekko.cluster.${p}`, ["pekko"], "docs/builds.md#split-brain-resolver-akka-26-pekko (Pekko cluster/src/main/resources/reference.conf split-brain-resolver)"),
  ]),
  bp("pekko.actor.provider", ["pekko"], FACTS_1),
  bp("pekko.cluster.seed-nodes.*", ["pekko"], FACTS_1),
  // Rendered `off` with the downing supervisor (plan/clusterEnv.ts): these builds set it to 60s.
  bp("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes", ["akka-2.6"], "core/scheduler/src/main/resources/application.conf at 2.0.0 (on the controller's classpath)"),
  bp("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes", ["pekko"], "core/scheduler/src/main/resources/application.conf at 1fae641 (on the controller's classpath)"),
];

/** Whether the build defines or reads this config property (BUILD_PROPERTIES). */
export function buildReadsProperty(flavor: Flavor, property: string): boolean {
  return BUILD_PROPERTIES.some((p) => {
    if (!p.flavors.includes(flavor)) return false;
    if (p.property.endsWith(".*")) {
      const base = p.property.slice(0, -1);
      return property.startsWith(base) && property.length > base.length && !property.slice(base.length).includes(".");
    }
    return p.property === property;
  });
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(STARTUP_CONTRACT, BUILD_PROPERTIES);
