/**
 * The transformation OpenWhisk's Scala images apply to CONFIG_ variables at start
 * (common/scala/transformEnvironment.sh, facts §2), re-implemented for tests:
 * drop the prefix, split on `_`, kebab-case parts that start lowercase, keep parts that start
 * uppercase, join with `.`.
 */
export function configKeyToProperty(envName: string): string | undefined {
  if (!envName.startsWith("CONFIG_")) return undefined;
  return envName
    .slice("CONFIG_".length)
    .split("_")
    .map((part) => (/^[a-z]/.test(part) ? part.replace(/([A-Z])/g, (c) => `-${c.toLowerCase()}`) : part))
    .join(".");
}

/** The -D properties the image would pass to the JVM (empty values dropped). */
export function jvmProperties(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const prop = configKeyToProperty(k);
    if (prop !== undefined && v !== "") out[prop] = v;
  }
  return out;
}
