/**
 * The transformation OpenWhisk's Scala images (tags 1.0.0 and later) apply to `CONFIG_` variables at
 * start, `common/scala/transformEnvironment.sh` (docs/builds.md#how-a-build-turns-env-variables-into-settings): drop the prefix, split on `_`, kebab-case the
 * parts that start lowercase, keep the parts that start uppercase, join with `.`; empty values are
 * dropped. Dependency-free: the policy pack reads it too.
 */
import { shellWords, ShellSyntaxError } from "./shellWords";
export function configKeyToProperty(envName: string): string | undefined {
  if (!envName.startsWith("CONFIG_")) return undefined;
  return envName
    .slice("CONFIG_".length)
    .split("_")
    .map((part) => (/^[a-z]/.test(part) ? part.replace(/([A-Z])/g, (c) => `-${c.toLowerCase()}`) : part))
    .join(".");
}

/** `a.b-c.d` -> `CONFIG_a_bC_d`: the inverse of configKeyToProperty (the key the images turn into that property). */
export function propertyToConfigKey(property: string): string {
  return `CONFIG_${property.split(".").map((part) => (/^[a-z]/.test(part) ? part.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : part)).join("_")}`;
}

/** The env variables the images' start scripts hand to the JVM as options. */
export const JVM_OPTION_VARIABLES = ["JAVA_OPTS", "CONTROLLER_OPTS", "INVOKER_OPTS"] as const;

/**
 * `-Dkey=value` options in a JVM option string (JAVA_OPTS, CONTROLLER_OPTS, INVOKER_OPTS), split into
 * words as the images' start scripts split it: the start script Gradle's `application` plugin writes
 * (`core/controller/build.gradle` at febde0042, 1.0.0, 2.0.0: `application`; `core/controller/init.sh`
 * at 2.0.0 ends in `exec controller/bin/controller`) hands `$JAVA_OPTS $CONTROLLER_OPTS` to
 * `eval set --`, so shell quoting applies (`-Dk="a b"` is one option with the value `a b`).
 * Text that is not valid shell (an unbalanced quote) is split at blanks.
 */
export function jvmOptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let words: string[];
  try {
    words = shellWords(text);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    words = text.split(/\s+/);
  }
  for (const w of words) {
    const m = /^-D([A-Za-z0-9_.\-]+)(?:=([\s\S]*))?$/.exec(w);
    if (m) out.set(m[1], m[2] ?? "");
  }
  return out;
}

/** The JVM properties a container's env gives the build: its `CONFIG_` keys (non-empty) and `-D` options. */
export function jvmProperties(env: Record<string, string> | Map<string, string>, readsConfigKeys = true): Record<string, string> {
  const entries = env instanceof Map ? [...env] : Object.entries(env);
  const out: Record<string, string> = {};
  for (const key of JVM_OPTION_VARIABLES) {
    const text = entries.find(([k]) => k === key)?.[1];
    if (text) for (const [k, v] of jvmOptions(text)) out[k] = v;
  }
  if (readsConfigKeys) {
    for (const [k, v] of entries) {
      const prop = configKeyToProperty(k);
      if (prop !== undefined && v !== "") out[prop] = v;
    }
  }
  return out;
}
