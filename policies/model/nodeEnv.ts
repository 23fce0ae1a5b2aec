/**
 * The environment a node's process will see, read back from what the resource says: a docker
 * container's `envs`, or the env files and `docker run -e` flags in an instance's user data.
 */
import { gunzipSync } from "node:zlib";
import type { StackResource } from "./stackResource";
import { isUnknown, knownString } from "./unknowns";

export interface NodeEnv {
  values: Map<string, string>;
  /**
   * Keys whose value is filled in on the host at start, not in the resource: e.g. a secret read from
   * SSM by a boot script (`printf '%s=%s\n' KEY "$(aws ssm get-parameter ...)" >> env-file`). Present, value unknown.
   */
  runtimeKeys: Set<string>;
  /** Entries whose text is unknown (key and value alike), e.g. a secret or an address interpolated in. */
  unknownEntries: number;
  /** The whole env source is unknown (user data that interpolates an unknown value). */
  unknownAll: boolean;
  /** URNs of the resources the env was computed from (the property's dependencies). */
  dependsOn: string[];
}

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const DOCKER_ENV_FLAG = /(?:^|\s)(?:-e|--env)[\s=](["']?)([A-Za-z_][A-Za-z0-9_]*)=(.*?)\1(?=\s|$)/g;
/** A boot script appending `KEY=<computed value>` to an env file: `printf '%s=%s\n' KEY "$(...)"`. */
const RUNTIME_ENV_LINE = /^\s*printf\s+(['"])%s=%s\\n\1\s+([A-Za-z_][A-Za-z0-9_]*)\s/;

/** Keys a boot script fills in at start (values unknown until then). */
export function parseRuntimeKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = RUNTIME_ENV_LINE.exec(line);
    if (m) keys.add(m[2]);
  }
  return keys;
}

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}

/** Env assignments in free text: env-file lines (`KEY=value`) and `docker run -e KEY=value` flags. */
export function parseEnvText(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const assignment = ENV_LINE.exec(line);
    if (assignment) {
      values.set(assignment[1], unquote(assignment[2]));
      continue;
    }
    for (const flag of line.matchAll(DOCKER_ENV_FLAG)) values.set(flag[2], flag[3]);
  }
  return values;
}

function fromEnvList(list: unknown, dependsOn: string[]): NodeEnv {
  const env: NodeEnv = { values: new Map(), runtimeKeys: new Set(), unknownEntries: 0, unknownAll: false, dependsOn };
  if (isUnknown(list)) return { ...env, unknownAll: true };
  if (!Array.isArray(list)) return env;
  for (const entry of list) {
    const text = knownString(entry);
    if (text === undefined) {
      if (isUnknown(entry)) env.unknownEntries += 1;
      continue;
    }
    const eq = text.indexOf("=");
    if (eq > 0) env.values.set(text.slice(0, eq), text.slice(eq + 1));
  }
  return env;
}

function fromUserData(resource: StackResource): NodeEnv {
  const { props, propertyDependencies } = resource;
  const key = props.userData !== undefined ? "userData" : "userDataBase64";
  const dependsOn = propertyDependencies[key] ?? [];
  const raw = props[key];
  if (isUnknown(raw)) return { values: new Map(), runtimeKeys: new Set(), unknownEntries: 0, unknownAll: true, dependsOn };
  const text = knownString(raw);
  if (text === undefined) return { values: new Map(), runtimeKeys: new Set(), unknownEntries: 0, unknownAll: false, dependsOn };
  const decoded = key === "userDataBase64" ? decodeUserData(Buffer.from(text, "base64")) : text;
  return { values: parseEnvText(decoded), runtimeKeys: parseRuntimeKeys(decoded), unknownEntries: 0, unknownAll: false, dependsOn };
}

/** Base64 user data as cloud-init reads it: gzip-compressed (magic 1f 8b) or plain. */
function decodeUserData(bytes: Buffer): string {
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch {
      return "";
    }
  }
  return bytes.toString("utf8");
}

export function readNodeEnv(resource: StackResource): NodeEnv {
  if (resource.type === "docker:index/container:Container") return fromEnvList(resource.props.envs, resource.propertyDependencies.envs ?? []);
  return fromUserData(resource);
}

/** `openwhisk.*` labels of a container and `openwhisk:*` tags of an instance, as `openwhisk.<x>`. */
export function readDeclarations(resource: StackResource): Map<string, string> {
  const declared = new Map<string, string>();
  const labels = resource.props.labels;
  if (Array.isArray(labels)) {
    for (const l of labels) {
      const entry = l as Record<string, unknown>;
      const k = knownString(entry?.label);
      const v = knownString(entry?.value);
      if (k?.startsWith("openwhisk.") && v !== undefined) declared.set(k, v);
    }
  }
  const tags = resource.props.tags;
  if (tags && typeof tags === "object" && !Array.isArray(tags)) {
    for (const [k, value] of Object.entries(tags as Record<string, unknown>)) {
      const v = knownString(value);
      if (k.startsWith("openwhisk:") && v !== undefined) declared.set(`openwhisk.${k.slice("openwhisk:".length)}`, v);
    }
  }
  return declared;
}
