/**
 * The environment a node's process will see, read back from what the resource says: a docker
 * container's `envs`; the env files, `docker run -e` flags, systemd `Environment=` lines and
 * docker-compose files in an instance's or launch template's user data. Settings given as JVM `-D`
 * options in JAVA_OPTS / CONTROLLER_OPTS / INVOKER_OPTS count as the `CONFIG_` key they stand for
 * (both end up as the same JVM property), so the policies judge one view however a team wrote it.
 */
import { gunzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import { JVM_OPTION_VARIABLES, jvmOptions, propertyToConfigKey } from "../../components/plan/envTransform";
import { configFileOf, configFileSettings } from "../../components/plan/jvmConfigFile";
import { shellCommands, ShellSyntaxError, type ShellCommand, type ShellWord } from "../../components/plan/shellWords";
import { shellWord } from "../../components/plan/hostFiles";
import { textCache } from "../../components/plan/textCache";
import { commandsOf, envWrittenByScripts, expandedText, HOST_TEXT } from "./bootScriptEnv";
import { assignedNames, exportedNames } from "./composeInterpolation";
import { composeServices, type ComposeService } from "./composeServices";
import { multipartAsCloudConfig } from "./multipartUserData";
import { systemdEnvironment, systemdWords } from "./systemdWords";
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
  /**
   * The services of the host's compose files, each with the env its container sees: its own
   * (`env_file`, `environment`), then the host's other env sources, less the keys only other services
   * set. A host whose compose file runs a controller beside kafka, or a controller and an invoker, has
   * each OpenWhisk node judged on its own service's env (openwhiskNodes.ts).
   */
  services?: { service: ComposeService; values: Map<string, string>; runtimeKeys: Set<string> }[];
  /** With `services`: the host's env without what its compose services set themselves (the env of a `docker run` beside them). */
  outside?: { values: Map<string, string>; runtimeKeys: Set<string> };
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;
/** systemd unit directives whose value holds env assignments or a command, read by systemd's rules. */
const SYSTEMD_LINE = /^\s*(Environment|EnvironmentFile|ExecStart|ExecStartPre|ExecStartPost)=(.*)$/;

/** Joins lines continued with a trailing backslash (shell text and unit files alike). */
function logicalLines(text: string): string[] {
  return text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
}

/**
 * `docker run` / `docker create` options that take no value (the boolean flags of docker/cli
 * cli/command/container/opts.go and run.go, as `docker run --help` of CLI 28.2 lists them); every other
 * option takes one, in the next word or after `=`.
 */
const DOCKER_RUN_SWITCHES = new Set([
  "--detach", "--interactive", "--tty", "--rm", "--privileged", "--init", "--read-only", "--publish-all", "--no-healthcheck",
  "--oom-kill-disable", "--sig-proxy", "--disable-content-trust", "--quiet", "--help", "--use-api-socket",
]);
const DOCKER_RUN_SHORT_SWITCHES = "ditPq";

/** The env a `docker run` / `docker create` command's words give its container: `-e K=v`, `-eK=v`, `--env K=v`, `--env=K=v`. */
export function dockerEnvFlags(words: string[]): [string, string][] {
  return readDockerRun(words)?.env ?? [];
}

/**
 * A `docker run` / `docker create` (or `docker container run|create`) command's words as docker reads
 * them: its env options and its image, the first word that is neither an option nor an option's value.
 * Undefined when the words hold no such command.
 */
export function readDockerRun(words: string[]): { env: [string, string][]; image?: string } | undefined {
  const out: [string, string][] = [];
  const start = words.findIndex((w, i) => /(^|\/)docker$/.test(w) && (words[i + 1] === "run" || words[i + 1] === "create" || (words[i + 1] === "container" && /^(run|create)$/.test(words[i + 2] ?? ""))));
  if (start < 0) return undefined;
  let image: string | undefined;
  // Options end at the image (the first word that is not an option or an option's value); what follows
  // is the container's command and its arguments, not docker's (`docker run img -e K=v` sets no env).
  for (let i = start + (words[start + 1] === "container" ? 3 : 2); i < words.length; i++) {
    const w = words[i];
    if (w === "--" || !w.startsWith("-") || w === "-") {
      image = w === "--" ? words[i + 1] : w;
      break;
    }
    let value: string | undefined;
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const name = eq < 0 ? w : w.slice(0, eq);
      const arg = eq < 0 ? (DOCKER_RUN_SWITCHES.has(name) ? undefined : words[++i]) : w.slice(eq + 1);
      if (name === "--env") value = arg;
    } else {
      // A cluster of one-letter switches (`-dit`), ending in at most one option that takes a value (`-e K=v`, `-eK=v`, `-de K=v`).
      for (let j = 1; j < w.length; j++) {
        if (DOCKER_RUN_SHORT_SWITCHES.includes(w[j])) continue;
        const arg = j + 1 < w.length ? w.slice(j + 1) : words[++i];
        if (w[j] === "e") value = arg;
        break;
      }
    }
    const m = value !== undefined ? ASSIGNMENT.exec(value) : null;
    if (m) out.push([m[1], m[2]]);
  }
  return { env: out, image };
}

/** The assignments of one line of shell text (`KEY=value`, `export KEY=value ...`) and the env flags of a docker command on it. */
function shellLineEnv(line: string): [string, string][] | undefined {
  let commands: ShellCommand[];
  try {
    commands = shellCommands(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return undefined;
    throw e;
  }
  const out: [string, string][] = [];
  for (const c of commands) {
    const words = c.words.map((w) => w.text);
    const args = words[0] === "export" || words[0] === "readonly" ? words.slice(1) : words;
    const assignments = args.map((w) => ASSIGNMENT.exec(w));
    if (args.length > 0 && assignments.every((m) => m)) for (const m of assignments) out.push([m![1], m![2]]);
    else if (assignments[0] && commands.length === 1 && words[0] !== "export") return undefined; // `KEY=a b`: an env-file line, read as is
    else out.push(...dockerEnvFlags(c.words.map((w) => expandedText(w)))); // the shell expands a command's words
  }
  return out;
}

/**
 * A unit's command line after systemd's variable substitution (systemd.service(5) "Command lines"):
 * `${NAME}` is replaced by the variable's value within its word, a word that is `$NAME` alone by the
 * value split at whitespace. Variables come from Environment= and the env files the user data writes;
 * one that is not there may come from an EnvironmentFile= written on the host, so its value is host
 * text (HOST_TEXT).
 */
function execVariables(words: string[], env: Map<string, string>): string[] {
  const value = (name: string) => env.get(name) ?? HOST_TEXT;
  return words.flatMap((w) => {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w);
    if (whole) return value(whole[1]).split(/\s+/).filter(Boolean);
    return [w.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => value(name))];
  });
}

/**
 * Env assignments in free text: env-file lines (`KEY=value`, quoted as a shell reads them),
 * `docker run -e` flags (shell words), systemd `Environment=` lines (systemd's rules) and the docker
 * commands of `ExecStart=` lines. `files`: the files the user data writes, for the variables of a
 * unit's `EnvironmentFile=` that its command lines substitute.
 */
export function parseEnvText(text: string, files?: ReadonlyMap<string, string>): Map<string, string> {
  const values = new Map<string, string>();
  const commands: string[] = [];
  const fromFiles = new Map<string, string>();
  for (const line of logicalLines(text)) {
    const systemd = SYSTEMD_LINE.exec(line);
    if (systemd) {
      if (systemd[1] === "Environment") for (const [k, v] of systemdEnvironment(systemd[2])) values.set(k, v);
      else if (systemd[1] === "EnvironmentFile") {
        // `-/path` (a missing file is no error); the file's settings are the unit's environment too.
        const content = files?.get(systemd[2].trim().replace(/^-/, ""));
        if (content !== undefined) for (const [k, v] of parseEnvText(content)) fromFiles.set(k, v);
      } else commands.push(systemd[2]);
      continue;
    }
    if (!/[A-Za-z_][A-Za-z0-9_]*=/.test(line)) continue;
    const parsed = shellLineEnv(line);
    if (parsed) {
      for (const [k, v] of parsed) values.set(k, v);
      continue;
    }
    // An env-file line that is not one shell word (`KEY=a b`, an unbalanced quote): docker's --env-file and
    // systemd's EnvironmentFile= take the rest of the line as the value.
    const plain = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (plain) values.set(plain[1], plain[2].trim());
  }
  // ExecStart= lines last, with every variable known: a docker run's -e flags win over its env files.
  // EnvironmentFile= settings override Environment= ones (systemd.exec(5) "EnvironmentFile=").
  const unitEnv = fromFiles.size ? new Map([...values, ...fromFiles]) : values;
  for (const command of commands) for (const [k, v] of dockerEnvFlags(execVariables(systemdWords(command.replace(/^[-@:+!]+/, "")) ?? [], unitEnv))) values.set(k, v);
  return values;
}

/** User data read as cloud-config YAML (the `#cloud-config` header dropped); undefined when it does not parse. */
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

/** User data read as cloud-config: the document (every `write_files` content decoded), and the text with those contents decoded in place. */
export interface CloudConfig {
  doc: unknown;
  /** The user data with each encoded `write_files` content replaced by the text it decodes to (and each plain content the text holds only escaped added as on disk), for readers of the text. */
  decodedText: string;
}

/** The first line of cloud-config user data (cloud-init's `#cloud-config` header). */
export const CLOUD_CONFIG_HEADER = /^#cloud-config\s*\n/;

/** Cloud-config user data by text: every reader of a host (env, images) shares one parse, in the preview and after the update. */
const cloudConfigs = textCache<CloudConfig | undefined>(8192);

/**
 * User data read as cloud-config YAML (the `#cloud-config` header dropped), every `write_files` content
 * decoded to the text written on disk; undefined when it is not cloud-config or does not parse. The
 * result is shared: never change it.
 */
export function cloudConfigOf(text: string): CloudConfig | undefined {
  if (!CLOUD_CONFIG_HEADER.test(text)) return undefined;
  return cloudConfigs.get(text, parseCloudConfig);
}

/**
 * A YAML text that is JSON, read by a JSON parser: JSON is YAML's flow style, so a text JSON accepts is
 * the same document to a YAML reader (a key given twice: the last wins, as in cloud-init's PyYAML), in a
 * small fraction of the time (this project writes user data as JSON). Undefined for any other text.
 */
function jsonDocument(body: string): unknown {
  if (!/^\s*\{/.test(body)) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function parseCloudConfig(text: string): CloudConfig | undefined {
  const body = text.replace(CLOUD_CONFIG_HEADER, "");
  let doc: unknown = jsonDocument(body);
  if (doc === undefined) {
    try {
      // cloud-init reads user data with PyYAML (YAML 1.1: merge keys `<<:` apply; a key given twice in a
      // mapping is no error, the last value wins: PyYAML's SafeConstructor.construct_mapping).
      doc = parseYaml(body, { merge: true, uniqueKeys: false });
    } catch {
      return undefined;
    }
  }
  const files = (doc as { write_files?: unknown } | null)?.write_files;
  const replacements: { encoded: string; decoded: string }[] = [];
  if (Array.isArray(files)) {
    (doc as { write_files: unknown[] }).write_files = files.map((f) => {
      if (!f || typeof f !== "object") return f;
      if (!("encoding" in f)) {
        // Plain content the text does not hold as written on disk (a double-quoted or JSON string, with
        // escapes; an indented block): its on-disk text is added too, so readers of the text see it.
        const content = (f as { content?: unknown }).content;
        if (typeof content === "string" && !text.includes(content)) replacements.push({ encoded: "", decoded: content });
        return f;
      }
      const { encoding: _encoding, ...rest } = f as Record<string, unknown>;
      const encoded = (f as { content?: unknown }).content;
      const content = writtenContent(f as { content?: unknown; encoding?: unknown });
      if (typeof encoded === "string" && content !== undefined) replacements.push({ encoded, decoded: content });
      return { ...rest, content };
    });
  }
  return { doc, decodedText: replacements.length ? withDecodedContents(text, replacements) : text };
}

/**
 * The text with each encoded content replaced by what it decodes to, where the encoded text appears as
 * written (one scalar, in order); else the decoded text added at the end (so is a plain content the
 * text does not hold verbatim: `encoded` is then ""). Readers of the text (image
 * references, a controller's instance index, the engine's API floor) then see the files as written on
 * disk, in the order the user data gives them. Built in one pass (a host has a dozen files).
 */
function withDecodedContents(text: string, replacements: { encoded: string; decoded: string }[]): string {
  const pieces: string[] = [];
  const unplaced: string[] = [];
  let from = 0;
  for (const { encoded, decoded } of replacements) {
    const at = encoded === "" ? -1 : text.indexOf(encoded, from);
    if (at < 0) {
      unplaced.push(decoded);
      continue;
    }
    pieces.push(text.slice(from, at), "\n", decoded, "\n");
    from = at + encoded.length;
  }
  pieces.push(text.slice(from), ...unplaced.map((d) => `\n${d}`));
  return pieces.join("");
}

/**
 * CONFIG_ values that name another variable (`CONFIG_x=$HOST_IP`) take that variable's value when it is
 * set and not empty, else stay as written: the images' start script dereferences them
 * (common/scala/transformEnvironment.sh at 1.0.0, 2.0.0 and 1fae641, `value2=${!varname}`). A variable
 * filled in on the host makes the key's value unknown there too (`runtimeKeys`).
 */
function withDereferencedConfigKeys(values: Map<string, string>, runtimeKeys?: Set<string>): Map<string, string> {
  for (const [k, v] of values) {
    if (!k.startsWith("CONFIG_") || !v.startsWith("$")) continue;
    const name = v.slice(1);
    const target = values.get(name);
    if (target) values.set(k, target);
    else if (runtimeKeys?.has(name)) {
      values.delete(k);
      runtimeKeys.add(k);
    }
  }
  return values;
}

/**
 * Adds the CONFIG_ key of every setting in a known OPENWHISK_ENCODED_CONFIG / OPENWHISK_CONFIG file. A
 * CONFIG_ key given too wins, and so does a `-D` option in the JVM option variables (read first: see
 * withJvmOptionKeys): the file reaches the JVM as `-Dconfig.file` (common/scala/transformEnvironment.sh
 * at 1.0.0, 2.0.0, 1fae641), and `ConfigFactory.load()` puts system properties above that file
 * (lightbend/config ConfigFactory.load: defaultOverrides(), the system properties, over defaultApplication(),
 * the file `config.file` names).
 */
function withConfigFileKeys(values: Map<string, string>, runtimeKeys?: Set<string>): Map<string, string> {
  const text = configFileOf(values);
  if (text === undefined) return values;
  const env = (name: string) => values.get(name) ?? (runtimeKeys?.has(name) ? null : undefined);
  const onHost = (property: string) => {
    const key = propertyToConfigKey(property);
    if (!values.has(key)) runtimeKeys?.add(key);
  };
  for (const [property, value] of configFileSettings(text, env, onHost)) {
    const key = propertyToConfigKey(property);
    if (!values.has(key)) values.set(key, value);
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

/**
 * What a container's command exports before it starts the node: `sh -c "export K=$(hostname -i); exec
 * /init.sh 0"` (or `K=v exec ...`) gives the process K on top of the container's env. A value the shell
 * computes there is known only in the container (a runtime key).
 */
function commandExports(command: unknown): [string, string][] {
  if (!Array.isArray(command)) return [];
  const argv = command.map((c) => knownString(c));
  const flag = argv.indexOf("-c");
  const script = flag > 0 ? argv[flag + 1] : undefined;
  if (!/(^|\/)(ba|da)?sh$/.test(argv[0] ?? "") || script === undefined) return [];
  let commands: ShellCommand[];
  try {
    commands = shellCommands(script);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return [];
    throw e;
  }
  const out: [string, string][] = [];
  const assignment = (w: ShellWord): [string, string] | undefined => {
    const m = ASSIGNMENT.exec(w.text);
    return m ? [m[1], expandedText(w).slice(m[1].length + 1)] : undefined;
  };
  for (const c of commands) {
    if (c.words[0]?.text === "export") {
      for (const w of c.words.slice(1)) {
        const a = assignment(w);
        if (a) out.push(a);
      }
      continue;
    }
    // `K=v exec ./init.sh 0`: K is in the environment of the process it starts (a bare `K=v` is not exported).
    const leading: [string, string][] = [];
    let i = 0;
    for (; i < c.words.length; i++) {
      const a = assignment(c.words[i]);
      if (!a) break;
      leading.push(a);
    }
    const rest = c.words.slice(i).map((w) => w.text);
    if (rest[0] === "exec" || /(init\.sh|\/bin\/(controller|invoker))$/.test(rest[0] ?? "")) {
      out.push(...leading);
      if (rest[0] === "exec") break;
    }
  }
  return out;
}

function fromEnvList(list: unknown, dependsOn: string[], command?: unknown): NodeEnv {
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
  for (const [k, v] of commandExports(command)) {
    if (v.includes(HOST_TEXT)) (env.values.delete(k), env.runtimeKeys.add(k));
    else (env.values.set(k, v), env.runtimeKeys.delete(k));
  }
  withConfigFileKeys(withJvmOptionKeys(withDereferencedConfigKeys(env.values, env.runtimeKeys)), env.runtimeKeys);
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

/** Base64 user data decoded, by its text: every reader of a host, in the preview and after the update, decodes it once. */
const decodedUserData = textCache<string>(8192);
/** User data as the cloud-config it amounts to (MIME multipart turned into one document; any other text as it is), by its text. */
const multipartTexts = textCache<string>(8192);

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
  const decoded = base64 ? decodedUserData.get(text, (b) => decodeUserData(Buffer.from(b, "base64"))) : text;
  // MIME multipart user data (cloud-config and script parts): read as the one cloud-config it amounts to.
  // (Only text that opens with a header line can be MIME: cloud-config opens with `#cloud-config`, a script with `#!`.)
  const asCloudConfig = /^[A-Za-z-]+:/.test(decoded) ? multipartTexts.get(decoded, (t) => multipartAsCloudConfig(t) ?? t) : decoded;
  return { text: asCloudConfig, unknown: false, dependsOn };
}

interface UserDataParts {
  /** Texts whose lines are env (env files, units, compose files) or commands (bootcmd, runcmd: one text per list), each read on its own. */
  envTexts: string[];
  /** Shell scripts the host runs: script files, run commands, or user data that is a script. */
  scripts: string[];
  /** Files cloud-config writes, by path (templates a script fills in, env files it appends to). */
  files: Map<string, string>;
}

/**
 * The parts of user data that carry env: for cloud-config, the files it writes except scripts (a script's
 * own variable assignments are not the container's env) and its run commands; any other user data whole.
 * Scripts are read for what they run (docker run) and what they write into files.
 */
function userDataParts(text: string, parsed: { doc: unknown } | undefined): UserDataParts {
  const doc = parsed?.doc;
  if (!doc || typeof doc !== "object") return { envTexts: [text], scripts: [text], files: new Map() };
  const d = doc as { write_files?: unknown; runcmd?: unknown; bootcmd?: unknown };
  const envParts: string[] = [];
  const scripts: string[] = [];
  const files = new Map<string, string>();
  if (Array.isArray(d.write_files)) {
    for (const f of d.write_files as Array<{ path?: unknown; content?: unknown }>) {
      if (typeof f?.content !== "string") continue;
      if (typeof f.path === "string") files.set(f.path, f.content);
      const script = f.content.startsWith("#!") || (typeof f.path === "string" && /\.sh$/.test(f.path));
      if (script) scripts.push(f.content);
      else envParts.push(f.content);
    }
  }
  for (const cmds of [d.bootcmd, d.runcmd]) {
    if (!Array.isArray(cmds) || cmds.length === 0) continue;
    scripts.push(...runCommandScripts(cmds));
    // One env text per list: cloud-init runs it as one script, an item a line (cloudinit/util.py
    // `shellify`), so a command continued with a trailing backslash goes on in the next item.
    envParts.push(cmds.map((c) => (Array.isArray(c) ? c.map(String).join(" ") : String(c))).join("\n"));
  }
  return { envTexts: envParts, scripts, files };
}

/**
 * The scripts a bootcmd or runcmd list runs. cloud-init writes the list as one shell script, an item a
 * line and an argv list's words quoted (cloudinit/util.py `shellify`), so a command continued with a
 * trailing backslash, or a here-document, goes on over items: the list is read as that one script
 * (an argv list `[sh, -c, "<script>"]` runs its script: commandsOf reads inline scripts). When that
 * script does not parse, each item is read on its own.
 */
export function runCommandScripts(cmds: unknown[]): string[] {
  const quoted = (argv: string[]) => argv.map(shellWord).join(" ");
  const whole = cmds.map((c) => (Array.isArray(c) ? quoted(c.map(String)) : String(c))).join("\n");
  if (commandsOf(whole).length > 0) return [whole];
  return cmds.map((c) => {
    if (!Array.isArray(c)) return String(c);
    // An argv list: `[sh, -c, "<script>"]` runs that script; any other list is one command's words.
    const argv = c.map(String);
    return /(^|\/)(ba|da)?sh$/.test(argv[0] ?? "") && argv[1] === "-c" && argv[2] !== undefined ? argv[2] : quoted(argv);
  });
}

/** The env flags of every `docker run` a script runs. */
function scriptDockerEnv(scripts: string[], files: Map<string, string>): Map<string, string> {
  const values = new Map<string, string>();
  for (const script of scripts) {
    // Variables the script sets to known text (`IP=10.0.0.5`, `export IP=...`), in order: a later `$IP` is that text.
    const vars = new Map<string, string>();
    for (const c of commandsOf(script)) {
      const words = c.words[0]?.text === "export" || c.words[0]?.text === "readonly" ? c.words.slice(1) : c.words;
      if (words.length > 0 && words.every((w) => ASSIGNMENT.test(w.text))) {
        for (const w of words) {
          const [name] = w.text.split("=", 1);
          const value = expandedText(w, files, vars).slice(name.length + 1);
          if (value.includes(HOST_TEXT)) vars.delete(name);
          else vars.set(name, value);
        }
        continue;
      }
      for (const [k, v] of dockerEnvFlags(c.words.map((w) => expandedText(w, files, vars)))) values.set(k, v);
    }
  }
  return values;
}

/**
 * The env read from each user data text, kept for the process: the check reads every host's user data
 * in the preview and again after the update, and the text is the same unless it held an unknown
 * (profiled: parsing cloud-config YAML and boot scripts was a tenth of a 100-invoker check). The
 * entries are never changed after they are built.
 */
const userDataEnvs = textCache<Omit<NodeEnv, "dependsOn">>(8192);
/** The env of each file or command text, by text: most hosts of a stack share most of their files. */
const envTexts = textCache<Map<string, string>>(8192);

function fromUserData(resource: StackResource): NodeEnv {
  const { text, unknown, dependsOn } = userDataText(resource);
  if (unknown || text === undefined) return emptyEnv(dependsOn, unknown);
  return { ...userDataEnvs.get(text, envOfUserData), dependsOn };
}

function envOfUserData(text: string): Omit<NodeEnv, "dependsOn"> {
  const parsed = cloudConfigOf(text);
  const parts = userDataParts(text, parsed);
  // Each file, and each command list, on its own (a line never continues into another file), in order: a later one wins.
  const values = new Map<string, string>();
  const written = envWrittenByScripts(parts.scripts, parts.files);
  // A unit with EnvironmentFile= is read with the files as the boot scripts leave them (so not by its text alone).
  for (const part of parts.envTexts) for (const [k, v] of /EnvironmentFile=/.test(part) ? parseEnvText(part, written.files) : envTexts.get(part, (t) => parseEnvText(t))) values.set(k, v);
  const addTo = (target: Map<string, string>, entries: Iterable<[string, string]>) => {
    // A value known here beats one only the host knows (a `-e K=$(cat f)` read once without the file's text).
    for (const [k, v] of entries) if (!target.has(k) || (target.get(k)!.includes(HOST_TEXT) && !v.includes(HOST_TEXT))) target.set(k, v);
  };
  addTo(values, scriptDockerEnv(parts.scripts, written.files));
  const composed = composeServices(written.files, parseEnvText, () => assignedNames(parts.scripts), () => exportedNames(parts.scripts));
  // The same env without what compose services set themselves: a `docker run` beside them sees this.
  const outside = composed.length > 0 ? new Map(values) : undefined;
  const add = (entries: Iterable<[string, string]>) => {
    const list = [...entries];
    addTo(values, list);
    if (outside) addTo(outside, list);
  };
  for (const service of composed) addTo(values, service.own);
  add(written.values);
  // Files a script writes (a systemd unit by heredoc, an env file) are read as the files cloud-config writes.
  for (const [path, content] of written.files) if (parts.files.get(path) !== content && !/\.sh$/.test(path) && !content.startsWith("#!")) add(parseEnvText(content, written.files));
  // `docker run -e K=$IP`: the shell hands docker a value only the host knows.
  const outsideRuntime = new Set(written.runtimeKeys);
  if (outside) for (const [k, v] of outside) if (v.includes(HOST_TEXT)) (outside.delete(k), outsideRuntime.add(k));
  for (const [k, v] of values) if (v.includes(HOST_TEXT)) (values.delete(k), written.runtimeKeys.add(k));
  const scriptRuntime = new Set(written.runtimeKeys);
  for (const service of composed) for (const k of service.runtime) if (!values.has(k)) written.runtimeKeys.add(k);
  // Encoded files are judged as written on disk: the text kept for other readers has them decoded.
  const plain = parsed?.decodedText ?? text;
  const services = composed.length > 0 ? composed.map((service) => {
    const others = new Set(composed.filter((o) => o !== service).flatMap((o) => [...o.own.keys()]));
    const own = new Map(service.own);
    for (const [k, v] of values) if (!own.has(k) && !others.has(k)) own.set(k, v);
    const runtimeKeys = new Set([...scriptRuntime, ...service.runtime].filter((k) => !service.own.has(k)));
    return { service, values: withConfigFileKeys(withJvmOptionKeys(withDereferencedConfigKeys(own, runtimeKeys)), runtimeKeys), runtimeKeys };
  }) : undefined;
  const outsideEnv = outside ? { values: withConfigFileKeys(withJvmOptionKeys(withDereferencedConfigKeys(outside, outsideRuntime)), outsideRuntime), runtimeKeys: outsideRuntime } : undefined;
  return { values: withConfigFileKeys(withJvmOptionKeys(withDereferencedConfigKeys(values, written.runtimeKeys)), written.runtimeKeys), runtimeKeys: written.runtimeKeys, unknownEntries: 0, unknownAll: false, text: plain, services, outside: outsideEnv };
}

export function readNodeEnv(resource: StackResource): NodeEnv {
  if (resource.type === "docker:index/container:Container") return fromEnvList(resource.props.envs, resource.propertyDependencies.envs ?? [], resource.props.command);
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
