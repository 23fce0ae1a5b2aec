/**
 * What a node's env means for the cluster, per the build it runs (docs/builds.md#controller-cluster-keys-per-build, docs/builds.md#invokers-and-runc): its downing
 * mode, its management endpoints, its remoting ports, its runc choice. Unknown env entries are
 * judged through the resource graph: entries computed only from secrets cannot hold a cluster key.
 */
import { jvmOptions } from "../../components/plan/envTransform";
import { RUNC_KEY, runcKeyFor } from "../../components/plan/flavors";
import type { ClusterModel } from "./clusterModel";
import { envPort, keysOf, type OpenWhiskNode } from "./openwhiskNodes";

/** Resource types whose outputs are secrets: an env entry computed from them is a secret value, never a key. */
function isSecretSource(type: string | undefined): boolean {
  return !!type && (type.startsWith("random:") || type === "aws:ssm/parameter:Parameter" || type.startsWith("aws:secretsmanager/"));
}

/** Whether every env key of the node is known: a key that is absent is really absent. */
export function envIsComplete(model: ClusterModel, node: OpenWhiskNode): boolean {
  if (node.env.unknownAll) return false;
  if (node.env.unknownEntries === 0) return true;
  return node.env.dependsOn.every((u) => isSecretSource(model.byUrn.get(u)?.type));
}

/** Whether unknown parts of the env are computed from static addresses of the stack (EIPs, interfaces, records). */
export function envMayHoldStaticAddresses(model: ClusterModel, node: OpenWhiskNode): boolean {
  if (!node.env.unknownAll && node.env.unknownEntries === 0) return false;
  return node.env.dependsOn.some((u) => model.addresses.staticSources.has(u));
}

export const AUTO_DOWN_KEYS = ["AUTO_DOWN_UNREACHABLE_AFTER", "CONFIG_akka_cluster_autoDownUnreachableAfter", "CONFIG_pekko_cluster_autoDownUnreachableAfter"];
const SBR_KEY = /^CONFIG_(akka|pekko)_cluster_(downingProviderClass|splitBrainResolver_[A-Za-z]+(_[A-Za-z]+)*)$/;

export function isDowningKey(key: string): boolean {
  return AUTO_DOWN_KEYS.includes(key) || SBR_KEY.test(key);
}

/** The downing keys this node's build reads. */
export function ownDowningKeys(node: OpenWhiskNode): (key: string) => boolean {
  const keys = keysOf(node);
  return (key) => {
    if (key === keys.autoDown) return true;
    if (!keys.sbr || !keys.root) return false;
    return key === keys.sbr.providerKey || key.startsWith(`CONFIG_${keys.root}_cluster_splitBrainResolver_`);
  };
}

export interface Downing {
  automatic: boolean;
  /** The split-brain resolver strategy, when the build reads one. */
  strategy?: string;
}

/** The downing the build will actually run, read from the keys it reads. */
export function downingOf(node: OpenWhiskNode): Downing {
  const keys = keysOf(node);
  const env = node.env.values;
  if (keys.autoDown) {
    const after = env.get(keys.autoDown)?.trim();
    return { automatic: !!after && after !== "off" };
  }
  if (keys.sbr) {
    const on = env.get(keys.sbr.providerKey) === keys.sbr.providerClass;
    return { automatic: on, strategy: on ? env.get(keys.sbr.strategy) ?? "keep-majority" : undefined };
  }
  return { automatic: false };
}

export interface ManagementEndpoint {
  via: "http" | "jmx";
  port: number | undefined;
  /** JMX: the RMI port when set explicitly (`jmxremote.rmi.port`); else the JVM picks one. */
  rmiPort?: number;
  /** JMX: `jmxremote.authenticate` (the JVM's default is true). */
  authenticate?: boolean;
  /** The key or option it was read from. */
  source: string;
  loopbackOnly: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** HTTP cluster management and JMX remote endpoints a supervisor could down members through. */
export function managementEndpoints(node: OpenWhiskNode): ManagementEndpoint[] {
  const env = node.env.values;
  const out: ManagementEndpoint[] = [];
  const m = keysOf(node).management;
  if (m) {
    const port = envPort(node, m.port) ?? envPort(node, m.bindPort);
    if (port !== undefined) {
      const bind = env.get(m.bindHostname) ?? env.get(m.hostname);
      out.push({ via: "http", port, source: env.has(m.port) ? m.port : m.bindPort, loopbackOnly: !!bind && LOOPBACK.has(bind) });
    }
  }
  // JMX remote is JVM flags (upstream: CONTROLLER_OPTS); JMX_REMOTE is read by no image at any tag (docs/builds.md#controller-cluster-keys-per-build).
  for (const key of ["JAVA_OPTS", "CONTROLLER_OPTS"]) {
    const opts = jvmOptions(env.get(key) ?? "");
    const port = opts.get("com.sun.management.jmxremote.port");
    if (port === undefined || !/^\d+$/.test(port)) continue;
    const host = opts.get("com.sun.management.jmxremote.host");
    const loopbackOnly = (host !== undefined && LOOPBACK.has(host)) || opts.get("com.sun.management.jmxremote.local.only") === "true";
    const rmi = opts.get("com.sun.management.jmxremote.rmi.port");
    const authenticate = opts.get("com.sun.management.jmxremote.authenticate");
    out.push({
      via: "jmx", port: Number(port), source: key, loopbackOnly,
      rmiPort: rmi !== undefined && /^\d+$/.test(rmi) ? Number(rmi) : undefined,
      authenticate: authenticate === undefined ? true : authenticate.trim().toLowerCase() !== "false",
    });
  }
  return out;
}

/** The remoting ports a controller advertises and binds. */
export function remotingPorts(node: OpenWhiskNode): { canonical?: number; bind?: number } {
  const keys = keysOf(node);
  return { canonical: envPort(node, keys.canonicalPort), bind: envPort(node, keys.bindPort) };
}

function asBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** The runc choice as the invoker's build reads it (both keys default to runc on). */
export function runcOf(node: OpenWhiskNode): { key: string; value: boolean | undefined; effective: boolean; legacyValue: boolean | undefined } {
  const key = runcKeyFor(node.flavor ?? "pekko");
  const value = asBool(node.env.values.get(key));
  return { key, value, effective: value ?? true, legacyValue: asBool(node.env.values.get(RUNC_KEY.legacy)) };
}
