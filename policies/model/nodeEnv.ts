/**
 * The environment a node's process will see, read back from what the resource says: a docker
 * container's `envs`; the env files, `docker run -e` flags, systemd `Environment=` lines and
 * docker-compose files in an instance's or launch template's user data. Settings given as JVM `-D`
 * options in JAVA_OPTS / CONTROLLER_OPTS / INVOKER_OPTS count as the `CONFIG_` key they stand for
 * (both end up as the same JVM property), so the policies judge one view however a team wrote it.
 */
import { gunzipSync } from "node:zlib";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { JVM_OPTION_VARIABLES, jvmOptions, propertyToConfigKey } from "../../components/plan/envTransform";
import { configFileSettings, ENCODED_CONFIG_ENV } from "../../components/plan/jvmConfigFile";
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
  /** The decoded user data (instances, launch templates), for what else it says (images, commands). */
  text?: string;
}

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const DOCKER_ENV_FLAG = /(?:^|\s)(?:-e|--env)[\s=](["']?)([A-Za-z_][A-Za-z0-9_]*)=(.*?)\1(?=\s|$)/g;
/** A boot script appending `KEY=<computed value>` to an env file: `printf '%s=%s\n' KEY "$(...)"`. */
const RUNTIME_ENV_LINE = /^\s*printf\s+(['"])%s=%s\\n\1\s+([A-Za-z_][A-Za-z0-9_]*)\s/;
/** systemd unit directives that look like assignments but are not env (their values are read below). */
const NOT_ENV = new Set(["Environment", "EnvironmentFile", "ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop"]);

/** A boot script writing a setting of the JVM config file: `printf '%s = "%s"\n' 'a.b.c' "$(...)"` (plan/jvmConfigFile.ts). */
const RUNTIME_CONFIG_LINE = /^\s*printf\s+'%s = "%s"\\n'\s+'?([A-Za-z0-9.-]+)'?\s/;

/** Keys a boot script fills in at start (values unknown until then); a JVM config file setting counts as its CONFIG_ key. */
export function parseRuntimeKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = RUNTIME_ENV_LINE.exec(line);
    if (m) keys.add(m[2]);
    const c = RUNTIME_CONFIG_LINE.exec(line);
    if (c) keys.add(propertyToConfigKey(c[1]));
  }
  return keys;
}

/** Adds the CONFIG_ key of every setting in a known OPENWHISK_ENCODED_CONFIG / OPENWHISK_CONFIG file (a CONFIG_ key given too wins). */
function withConfigFileKeys(values: Map<string, string>): Map<string, string> {
  const encoded = values.get(ENCODED_CONFIG_ENV);
  const text = values.get("OPENWHISK_CONFIG") ?? (encoded !== undefined ? Buffer.from(encoded, "base64").toString("utf8") : undefined);
  if (text === undefined) return values;
  for (const [property, value] of configFileSettings(text)) {
    const key = propertyToConfigKey(property);
    if (!values.has(key)) values.set(key, value);
  }
  return values;
}

function unquote(value: string): string {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")) ? v.slice(1, -1) : v;
}

/** The words of a systemd `Environment=` value: `"A=b c" D=e` -> `A=b c`, `D=e`. */
function systemdWords(value: string): string[] {
  const words: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? m[3]);
  return words;
}

/** Env assignments in free text: env-file lines (`KEY=value`), `docker run -e KEY=value` flags, systemd `Environment=` lines. */
export function parseEnvText(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const systemd = /^\s*Environment=(.*)$/.exec(line);
    if (systemd) {
      for (const word of systemdWords(systemd[1])) {
        const eq = word.indexOf("=");
        if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, eq))) values.set(word.slice(0, eq), word.slice(eq + 1));
      }
      continue;
    }
    const assignment = ENV_LINE.exec(line);
    if (assignment && !NOT_ENV.has(assignment[1])) {
      values.set(assignment[1], unquote(assignment[2]));
      continue;
    }
    for (const flag of line.matchAll(DOCKER_ENV_FLAG)) values.set(flag[2], flag[3]);
  }
  return values;
}

/**
 * A `write_files` content as cloud-init writes it to disk: `encoding` b64/base64, gz/gzip or gz+b64
 * (and spellings) decoded the way cloudinit/config/cc_write_files.py `canonicalize_extraction` names
 * them; anything else is plain text. Undefined when the content does not decode.
 */
export function writtenContent(file: { content?: unknown; encoding?: unknown }): string | undefined {
  if (typeof file.content !== "string") return undefined;
  const encoding = typeof file.encoding === "string" ? file.encoding.toLowerCase().trim() : "";
  const base64 = ["b64", "base64", "gz+base64", "gzip+base64", "gz+b64", "gzip+b64"].includes(encoding);
  const gzip = ["gz", "gzip", "gz+base64", "gzip+base64", "gz+b64", "gzip+b64"].includes(encoding);
  if (!base64 && !gzip) return file.content;
  try {
    let bytes = base64 ? Buffer.from(file.content, "base64") : Buffer.from(file.content, "latin1");
    if (gzip) bytes = gunzipSync(bytes);
    return bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * User data read as cloud-config YAML (the `#cloud-config` header dropped), every `write_files` content
 * decoded to the text written on disk; undefined when it does not parse.
 */
function parseCloudConfig(text: string): { doc: unknown; decoded: boolean } | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text.replace(/^#cloud-config\s*\n/, ""));
  } catch {
    return undefined;
  }
  const files = (doc as { write_files?: unknown } | null)?.write_files;
  let decoded = false;
  if (Array.isArray(files)) {
    (doc as { write_files: unknown[] }).write_files = files.map((f) => {
      if (!f || typeof f !== "object" || !("encoding" in f)) return f;
      decoded = true;
      const { encoding: _encoding, ...rest } = f as Record<string, unknown>;
      return { ...rest, content: writtenContent(f as { content?: unknown; encoding?: unknown }) };
    });
  }
  return { doc, decoded };
}

/** docker-compose files written by cloud-config (`write_files`): every service's `environment` (map or list). */
export function composeEnvironment(text: string, parsed: { doc: unknown } | undefined = parseCloudConfig(text)): Map<string, string> {
  const values = new Map<string, string>();
  if (!parsed) return values;
  const files = (parsed.doc as { write_files?: unknown } | null)?.write_files;
  if (!Array.isArray(files)) return values;
  for (const f of files as Array<{ path?: unknown; content?: unknown }>) {
    if (typeof f?.path !== "string" || typeof f.content !== "string" || !/(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(f.path)) continue;
    let compose: unknown;
    try {
      compose = parseYaml(f.content);
    } catch {
      continue;
    }
    const services = (compose as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== "object") continue;
    for (const service of Object.values(services)) {
      const env = (service as { environment?: unknown } | null)?.environment;
      if (Array.isArray(env)) {
        for (const e of env) {
          const s = String(e);
          const eq = s.indexOf("=");
          if (eq > 0) values.set(s.slice(0, eq), s.slice(eq + 1));
        }
      } else if (env && typeof env === "object") {
        for (const [k, v] of Object.entries(env)) if (v !== null && v !== undefined) values.set(k, String(v));
      }
    }
  }
  return values;
}

/** Adds the `CONFIG_` key of every cluster or whisk `-D` option in the JVM option variables (a `CONFIG_` key given too wins). */
function withJvmOptionKeys(values: Map<string, string>): Map<string, string> {
  for (const key of JVM_OPTION_VARIABLES) {
    const text = values.get(key);
    if (!text) continue;
    for (const [property, value] of jvmOptions(text)) {
      if (!/^(akka|pekko|whisk)\./.test(property)) continue;
      const configKey = propertyToConfigKey(property);
      if (!values.has(configKey)) values.set(configKey, value);
    }
  }
  return values;
}

/** An env with no entries: nothing known, or (unknownAll) a source that is not known yet. */
function emptyEnv(dependsOn: string[], unknownAll: boolean): NodeEnv {
  return { values: new Map(), runtimeKeys: new Set(), unknownEntries: 0, unknownAll, dependsOn };
}

function fromEnvList(list: unknown, dependsOn: string[]): NodeEnv {
  if (isUnknown(list)) return emptyEnv(dependsOn, true);
  const env = emptyEnv(dependsOn, false);
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
  withJvmOptionKeys(withConfigFileKeys(env.values));
  return env;
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

/** Resource types whose user data is base64 in `userData` (launch templates) rather than plain text. */
const BASE64_USER_DATA = new Set(["aws:ec2/launchTemplate:LaunchTemplate"]);

/** An instance's (or launch template's) user data, decoded; unknown when it is not known yet. */
export function userDataText(resource: StackResource): { text?: string; unknown: boolean; dependsOn: string[] } {
  const { props, propertyDependencies } = resource;
  const key = props.userData !== undefined ? "userData" : "userDataBase64";
  const dependsOn = propertyDependencies[key] ?? [];
  const raw = props[key];
  if (isUnknown(raw)) return { unknown: true, dependsOn };
  const text = knownString(raw);
  if (text === undefined) return { unknown: false, dependsOn };
  const base64 = key === "userDataBase64" || BASE64_USER_DATA.has(resource.type);
  return { text: base64 ? decodeUserData(Buffer.from(text, "base64")) : text, unknown: false, dependsOn };
}

/**
 * The parts of user data that carry env: for cloud-config, the files it writes except scripts (a script's
 * own variable assignments are not the container's env), and its run commands; any other user data whole.
 */
function envBearingText(text: string, parsed: { doc: unknown } | undefined): string {
  if (!/^#cloud-config\s*\n/.test(text) || !parsed) return text;
  const doc = parsed.doc;
  if (!doc || typeof doc !== "object") return text;
  const d = doc as { write_files?: unknown; runcmd?: unknown; bootcmd?: unknown };
  const parts: string[] = [];
  if (Array.isArray(d.write_files)) {
    for (const f of d.write_files as Array<{ path?: unknown; content?: unknown }>) {
      if (typeof f?.content !== "string") continue;
      const script = f.content.startsWith("#!") || (typeof f.path === "string" && /\.sh$/.test(f.path));
      if (!script) parts.push(f.content);
    }
  }
  for (const cmds of [d.runcmd, d.bootcmd]) {
    if (Array.isArray(cmds)) for (const c of cmds) parts.push(Array.isArray(c) ? c.map(String).join(" ") : String(c));
  }
  return parts.join("\n");
}

function fromUserData(resource: StackResource): NodeEnv {
  const { text, unknown, dependsOn } = userDataText(resource);
  if (unknown || text === undefined) return emptyEnv(dependsOn, unknown);
  const parsed = parseCloudConfig(text);
  // Encoded files are judged as written on disk: the text read on is the cloud-config with them decoded.
  const plain = parsed?.decoded ? `#cloud-config\n${stringifyYaml(parsed.doc, { lineWidth: 0 })}` : text;
  const values = parseEnvText(envBearingText(plain, parsed));
  for (const [k, v] of composeEnvironment(plain, parsed)) if (!values.has(k)) values.set(k, v);
  return { values: withJvmOptionKeys(values), runtimeKeys: parseRuntimeKeys(plain), unknownEntries: 0, unknownAll: false, dependsOn, text: plain };
}

export function readNodeEnv(resource: StackResource): NodeEnv {
  if (resource.type === "docker:index/container:Container") return fromEnvList(resource.props.envs, resource.propertyDependencies.envs ?? []);
  return fromUserData(resource);
}

/** `openwhisk.*` labels of a container and `openwhisk:*` tags of an instance or launch template, as `openwhisk.<x>`. */
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
  const tagSets: unknown[] = [resource.props.tags];
  if (Array.isArray(resource.props.tagSpecifications)) for (const spec of resource.props.tagSpecifications as Record<string, unknown>[]) tagSets.push(spec?.tags);
  for (const tags of tagSets) {
    if (!tags || typeof tags !== "object" || Array.isArray(tags)) continue;
    for (const [k, value] of Object.entries(tags as Record<string, unknown>)) {
      const v = knownString(value);
      if (k.startsWith("openwhisk:") && v !== undefined) declared.set(`openwhisk.${k.slice("openwhisk:".length)}`, v);
    }
  }
  return declared;
}
