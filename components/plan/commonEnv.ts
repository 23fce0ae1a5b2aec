/** Env that controllers and invokers share (facts §3, §4): JVM, build info, Kafka, CouchDB, runtimes. */
import type { StackConfig } from "../config/schema";
import type { EnvValue } from "./containerSpec";
import type { ServiceEndpoints } from "./serviceEndpoints";

/** The default runtimes manifest: Node.js 20 and the blackbox skeleton (upstream's runtimes.json shape). */
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

export const DB_NAMES = (prefix: string) => ({
  subjects: `${prefix}subjects`,
  whisks: `${prefix}whisks`,
  activations: `${prefix}activations`,
});

export function javaOpts(heap: string): string {
  return `-Xmx${heap} -XX:+CrashOnOutOfMemoryError -XX:+UseGCOverheadLimit -XX:ErrorFile=/logs/java_error.log`;
}

export function commonEnv(config: StackConfig, stack: string, endpoints: ServiceEndpoints, heap: string): Record<string, EnvValue> {
  const db = DB_NAMES(config.services.dbPrefix);
  return {
    JAVA_OPTS: javaOpts(heap),
    PORT: "8080",
    TZ: "UTC",
    CONFIG_whisk_info_date: config.release.date ?? "",
    CONFIG_whisk_info_buildNo: config.release.buildNo ?? "",
    CONFIG_whisk_cluster_name: config.clusterName ?? stack,
    KAFKA_HOSTS: endpoints.kafkaHosts.join(","),
    CONFIG_whisk_kafka_replicationFactor: String(Math.min(endpoints.kafkaHosts.length, 3)),
    CONFIG_whisk_couchdb_protocol: endpoints.couchdb.protocol,
    CONFIG_whisk_couchdb_host: endpoints.couchdb.host,
    CONFIG_whisk_couchdb_port: String(endpoints.couchdb.port),
    CONFIG_whisk_couchdb_username: endpoints.couchdb.username,
    CONFIG_whisk_couchdb_password: { secret: "couchdbPassword" },
    CONFIG_whisk_couchdb_provider: "CouchDB",
    CONFIG_whisk_couchdb_databases_WhiskAuth: db.subjects,
    CONFIG_whisk_couchdb_databases_WhiskEntity: db.whisks,
    CONFIG_whisk_couchdb_databases_WhiskActivation: db.activations,
    RUNTIMES_MANIFEST: JSON.stringify(config.runtimesManifest ?? DEFAULT_RUNTIMES_MANIFEST),
    CONFIG_logback_log_level: "INFO",
  };
}

/** Drops empty values, as the images' transformEnvironment.sh does. */
export function withoutEmpty(env: Record<string, EnvValue>): Record<string, EnvValue> {
  const out: Record<string, EnvValue> = {};
  for (const [k, v] of Object.entries(env)) if (v !== "") out[k] = v;
  return out;
}
