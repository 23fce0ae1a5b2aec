/**
 * Secrets off the JVM command line. On 1.0.0, 2.0.0 and master every `CONFIG_*` value becomes a
 * `-D<key>='<value>'` word of CONTROLLER_OPTS / INVOKER_OPTS (common/scala/transformEnvironment.sh,
 * core/controller/init.sh, core/invoker/init.sh), i.e. part of the JVM's argv, which every process on
 * the host can read (`ps`, /proc/<pid>/cmdline). The same script also takes a whole config file from
 * `OPENWHISK_ENCODED_CONFIG` (base64), writes it to `$HOME/config.conf` and passes only its path
 * (`-Dconfig.file=...`); upstream's own ansible uses that variable on master
 * (ansible/roles/controller/tasks/deploy.yml, templates/config.j2, which starts with
 * `include classpath("application.conf")` so the image's own settings still load). So the secret
 * `CONFIG_*` entries of a controller or invoker on those builds are delivered in that file instead;
 * the legacy-2017 build reads its settings from the environment itself (whisk/common/Config.scala,
 * `sys.env`), never from argv. Dependency-free: the policy pack reads it too.
 */
import { BUILDS } from "./builds";
import type { ContainerSpec, SecretRef } from "./containerSpec";
import { isSecretRef } from "./containerSpec";
import { configKeyToProperty } from "./envTransform";
import { HoconSyntaxError, readHocon, type HoconEnv } from "./hocon";
import type { Flavor } from "../config/flavorNames";

/** The variable transformEnvironment.sh decodes into the config file. */
export const ENCODED_CONFIG_ENV = "OPENWHISK_ENCODED_CONFIG";

/** The first line of the config file: the image's own application.conf, as without a config file. */
export const CONFIG_FILE_HEAD = 'include classpath("application.conf")';

/** A secret entry moved from the env into the config file. */
export interface ConfigFileSecret {
  /** The env key it replaces, e.g. CONFIG_whisk_couchdb_password. */
  key: string;
  /** The property it sets, e.g. whisk.couchdb.password. */
  property: string;
  secret: SecretRef["secret"];
}

/** Whether a container's image starts through transformEnvironment.sh (controllers and invokers of 1.0.0 and later). */
export function readsConfigFile(spec: ContainerSpec): boolean {
  const flavor = spec.labels["openwhisk.flavor"] as Flavor | undefined;
  return (spec.role === "controller" || spec.role === "invoker") && flavor !== undefined && BUILDS[flavor]?.readsConfigKeys === true;
}

/** The secret `CONFIG_*` entries of a container that go into the config file (none when its build has no config file). */
export function configFileSecrets(spec: ContainerSpec): ConfigFileSecret[] {
  if (!readsConfigFile(spec)) return [];
  const out: ConfigFileSecret[] = [];
  for (const [key, value] of Object.entries(spec.env)) {
    const property = configKeyToProperty(key);
    if (property !== undefined && isSecretRef(value)) out.push({ key, property, secret: value.secret });
  }
  return out;
}

/**
 * The config file's text: the include, then one `path = "value"` line per setting. Values are secrets of
 * the password alphabet (config/schema.ts SECRET_ALPHABET) or generated ones; a `"` or `\` could not be
 * written inside a HOCON quoted string, so such a value is refused rather than written.
 */
export function configFileText(settings: Array<{ property: string; value: string }>): string {
  const lines = [CONFIG_FILE_HEAD];
  for (const { property, value } of settings) {
    if (/["\\\u0000-\u001f\u007f]/.test(value) || !/^[A-Za-z0-9.-]+$/.test(property)) throw new Error(`refusing to write ${property} into the JVM config file: a character HOCON would read otherwise`);
    lines.push(`${property} = "${value}"`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The settings a config file makes, read as the JVM reads it (HOCON: nested blocks, quoted keys,
 * comments, `+=`, substitutions; see hocon.ts), each leaf as `dotted.path` -> text. `env` answers the
 * substitutions the file leaves to the process's environment (null: set on the host, value unknown;
 * such a field is handed to `onHost`). Text that is not HOCON makes no settings (the JVM refuses to
 * start on it).
 */
export function configFileSettings(text: string, env?: HoconEnv, onHost?: (property: string) => void): Map<string, string> {
  try {
    const reading = readHocon(text, env);
    if (onHost) for (const p of reading.onHost) onHost(p);
    return reading.settings;
  } catch (e) {
    if (e instanceof HoconSyntaxError) return new Map();
    throw e;
  }
}

/** A node's config file text: OPENWHISK_CONFIG, else OPENWHISK_ENCODED_CONFIG decoded (transformEnvironment.sh's order). */
export function configFileOf(env: Map<string, string>): string | undefined {
  const encoded = env.get(ENCODED_CONFIG_ENV);
  return env.get("OPENWHISK_CONFIG") || (encoded ? Buffer.from(encoded, "base64").toString("utf8") : undefined);
}

/**
 * Whether a node's config file may set what its text does not show: it includes a file other than the
 * image's own application.conf (a file on the host, a URL), leaves a substitution unanswered or answers
 * one from a variable filled in on the host, or is not HOCON this reader knows. Then a setting missing from the text may still be set, and is not judged.
 */
export function configFileOpaque(env: Map<string, string>, runtimeKeys: ReadonlySet<string> = new Set()): boolean {
  const text = configFileOf(env);
  if (text === undefined) return false;
  // A substitution of a variable filled in on the host (`${?BUILD_DATE}`): its value is not known here.
  for (const m of text.matchAll(/\$\{\??\s*([^}\s]+)\s*\}/g)) if (runtimeKeys.has(m[1])) return true;
  try {
    const reading = readHocon(text, (name) => env.get(name));
    return reading.unresolved > 0 || reading.includes.some((i) => i.replace(/\s+/g, "") !== CONFIG_FILE_HEAD.slice("include ".length));
  } catch (e) {
    if (e instanceof HoconSyntaxError) return true;
    throw e;
  }
}
