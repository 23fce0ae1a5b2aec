/**
 * Env that controllers and invokers share (docs/builds.md#what-a-controller-needs-before-it-serves, docs/builds.md#invokers-and-runc), in the names the build reads: `CONFIG_*` keys
 * and WhiskConfig names on 1.0.0 and later, only WhiskConfig names (`DB_*`, `KAFKA_HOST`) on legacy-2017.
 */
import type { Flavor } from "../config/flavorNames";
import type { StackConfig } from "../config/schema";
import { BUILDS, imageTag } from "./builds";
import type { EnvValue } from "./containerSpec";
import type { ServiceEndpoints } from "./serviceEndpoints";
import { deepFreeze } from "./deepFreeze";

/** The default runtimes manifest of 1.0.0 and later builds: Node.js 20 and the blackbox skeleton (ansible/files/runtimes.json's shape). */
export const DEFAULT_RUNTIMES_MANIFEST = {
  runtimes: {
    nodejs: [
      {
        kind: "nodejs:20",
        default: true,
        image: { prefix: "openwhisk", name: "action-nodejs-v20", tag: "nightly" },
        deprecated: false,
        attached: { attachmentName: "codefile", attachmentType: "text/plain" },
      },
    ],
  },
  blackboxes: [{ prefix: "openwhisk", name: "dockerskeleton", tag: "nightly" }],
};

/**
 * The seed build's manifest shape (ansible/group_vars/all runtimesManifestDefault at febde0042): the
 * Node.js 6 runtime of that time and the blackbox skeleton, images `openwhisk/<name>:latest`.
 */
export const LEGACY_RUNTIMES_MANIFEST = {
  defaultImagePrefix: "openwhisk",
  defaultImageTag: "latest",
  runtimes: { nodejs: [{ kind: "nodejs:6", default: true, image: { name: "nodejs6action" }, deprecated: false }] },
  blackboxes: [{ name: "dockerskeleton" }],
};

export function runtimesManifest(config: StackConfig): string {
  return JSON.stringify(config.runtimesManifest ?? (config.release.flavor === "legacy-2017" ? LEGACY_RUNTIMES_MANIFEST : DEFAULT_RUNTIMES_MANIFEST));
}

export const DB_NAMES = (prefix: string) => ({
  subjects: `${prefix}subjects`,
  whisks: `${prefix}whisks`,
  activations: `${prefix}activations`,
});

/**
 * whisk.info (WHISK_VERSION_* on legacy-2017), which every controller needs at startup. Defaults are
 * deterministic, so two runs with the same config never roll the controllers: the controller image's
 * tag (upstream ansible renders `docker.image.tag`) and the commit date of the build the flavour names.
 */
export function buildInfo(config: StackConfig): { buildNo: string; date: string } {
  return {
    buildNo: config.release.buildNo ?? imageTag(config.release.controllerImage),
    date: config.release.date ?? BUILDS[config.release.flavor].releaseDate,
  };
}

export function javaOpts(heap: string): string {
  return `-Xmx${heap} -XX:+CrashOnOutOfMemoryError -XX:+UseGCOverheadLimit -XX:ErrorFile=/logs/java_error.log`;
}

/** Kafka as legacy-2017 reads it: one broker, KAFKA_HOST + KAFKA_HOST_PORT (WhiskConfig.kafkaHost). */
export function legacyKafkaEnv(endpoints: ServiceEndpoints): Record<string, string> {
  const first = endpoints.kafkaHosts[0];
  const colon = first.lastIndexOf(":");
  return { KAFKA_HOST: colon > 0 ? first.slice(0, colon) : first, KAFKA_HOST_PORT: colon > 0 ? first.slice(colon + 1) : "9092" };
}

/**
 * Who talks to CouchDB: the init job as the server admin (services.couchdbUser), controllers and invokers
 * each as their own user, a member of the whisk databases only (created by the init job). An invoker host,
 * which runs untrusted code, never holds the admin password.
 */
export type CouchDbRole = "admin" | "controller" | "invoker";

/** The per-role CouchDB users (the init job creates them in `_users` and makes them members of the whisk databases). */
export const COUCHDB_ROLE_USERS = { controller: "whisk_controller", invoker: "whisk_invoker" } as const;
const COUCHDB_ROLE_SECRETS = { admin: "couchdbPassword", controller: "couchdbControllerPassword", invoker: "couchdbInvokerPassword" } as const;

export function couchDbCredentials(endpoints: ServiceEndpoints, role: CouchDbRole): { username: string; password: EnvValue } {
  return { username: role === "admin" ? endpoints.couchdb.username : COUCHDB_ROLE_USERS[role], password: { secret: COUCHDB_ROLE_SECRETS[role] } };
}

/** The CouchDB connection in DB_* names: what legacy-2017 reads, and what the database init job takes (as the admin). */
export function couchDbConnectionEnv(endpoints: ServiceEndpoints, role: CouchDbRole = "admin"): Record<string, EnvValue> {
  const { username, password } = couchDbCredentials(endpoints, role);
  return {
    DB_PROTOCOL: endpoints.couchdb.protocol,
    DB_HOST: endpoints.couchdb.host,
    DB_PORT: String(endpoints.couchdb.port),
    DB_USERNAME: username,
    DB_PASSWORD: password,
  };
}

/** CouchDB as legacy-2017 reads it (WhiskStore.scala requiredProperties): DB_* names. */
export function legacyDbEnv(config: StackConfig, endpoints: ServiceEndpoints, role: Exclude<CouchDbRole, "admin">): Record<string, EnvValue> {
  const db = DB_NAMES(config.services.dbPrefix);
  return {
    DB_PROVIDER: "CouchDB",
    ...couchDbConnectionEnv(endpoints, role),
    DB_WHISK_ACTIONS: db.whisks,
    DB_WHISK_AUTHS: db.subjects,
    DB_WHISK_ACTIVATIONS: db.activations,
  };
}

/** Env every node of a 1.0.0-or-later build gets: JVM, Kafka, CouchDB (CONFIG_whisk_couchdb_*), runtimes, log level. */
export function modernCommonEnv(config: StackConfig, stack: string, endpoints: ServiceEndpoints, heap: string, role: Exclude<CouchDbRole, "admin">): Record<string, EnvValue> {
  const db = DB_NAMES(config.services.dbPrefix);
  const couch = couchDbCredentials(endpoints, role);
  const flavor: Flavor = config.release.flavor;
  return {
    JAVA_OPTS: javaOpts(heap),
    PORT: "8080",
    TZ: "UTC",
    // whisk.cluster.name came with 2.0.0's scheduler: 1.0.0 has no such key.
    ...(BUILDS[flavor].hasSchedulerEraKeys ? { CONFIG_whisk_cluster_name: config.clusterName ?? stack } : {}),
    KAFKA_HOSTS: endpoints.kafkaHosts.join(","),
    CONFIG_whisk_kafka_replicationFactor: String(Math.min(endpoints.kafkaHosts.length, 3)),
    CONFIG_whisk_couchdb_protocol: endpoints.couchdb.protocol,
    CONFIG_whisk_couchdb_host: endpoints.couchdb.host,
    CONFIG_whisk_couchdb_port: String(endpoints.couchdb.port),
    CONFIG_whisk_couchdb_username: couch.username,
    CONFIG_whisk_couchdb_password: couch.password,
    CONFIG_whisk_couchdb_provider: "CouchDB",
    CONFIG_whisk_couchdb_databases_WhiskAuth: db.subjects,
    CONFIG_whisk_couchdb_databases_WhiskEntity: db.whisks,
    CONFIG_whisk_couchdb_databases_WhiskActivation: db.activations,
    RUNTIMES_MANIFEST: runtimesManifest(config),
    CONFIG_logback_log_level: "INFO",
  };
}

/** Drops empty values, as the images' transformEnvironment.sh does (1.0.0 and later only). */
export function withoutEmpty(env: Record<string, EnvValue>): Record<string, EnvValue> {
  const out: Record<string, EnvValue> = {};
  for (const [k, v] of Object.entries(env)) if (v !== "") out[k] = v;
  return out;
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(DEFAULT_RUNTIMES_MANIFEST, LEGACY_RUNTIMES_MANIFEST, COUCHDB_ROLE_USERS);
