/**
 * Config values as the Pulumi engine hands them to a program: every value is a string, structured
 * ones as JSON. The stack program decodes them back (`decodeConfigValue`); the offline commands,
 * which read the YAML file themselves, first turn its typed values into what the engine would pass
 * (`asEngineValue`). Both paths then validate the same values, so `npm run render`/`check` and
 * `pulumi up` accept and reject the same stack files (e.g. `couchdbPassword: 123456` is the password
 * "123456" in both, `clusterName: 42` the name "42").
 */
import { SECRET_KEYS } from "./schema";

/** `openwhisk:` keys whose values are plain strings; every other key holds a structured value. */
export const STRING_KEYS: ReadonlySet<string> = new Set(["target", "environment", "clusterName", ...SECRET_KEYS].map((k) => `openwhisk:${k}`));

/** A YAML value as the engine passes it on: scalars of string keys become strings; YAML null stays unset-null. */
export function asEngineValue(key: string, value: unknown): unknown {
  if (STRING_KEYS.has(key) && (typeof value === "number" || typeof value === "boolean")) return String(value);
  return value;
}

/**
 * The program's view of one config string. String keys stay strings, except what the engine can
 * only have got from a YAML null, mapping or list ("null", JSON objects and arrays): those come
 * back as such, so validation names the key instead of taking "{}" as a password. Every other
 * key is parsed as JSON.
 */
export function decodeConfigValue(key: string, text: string): unknown {
  if (STRING_KEYS.has(key)) {
    if (text === "null") return null;
    if (!/^\s*[[{]/.test(text)) return text;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
