/**
 * The transformation OpenWhisk's Scala images (tags 1.0.0 and later) apply to `CONFIG_` variables at
 * start, `common/scala/transformEnvironment.sh` (facts §2): drop the prefix, split on `_`, kebab-case the
 * parts that start lowercase, keep the parts that start uppercase, join with `.`; empty values are
 * dropped. Dependency-free: the policy pack reads it too.
 */
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

/** `-Dkey=value` options in a JVM option string (JAVA_OPTS, CONTROLLER_OPTS, INVOKER_OPTS). */
export function jvmOptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|\s)-D([A-Za-z0-9_.\-]+)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
    const raw = m[2] ?? "";
    out.set(m[1], /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw);
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
