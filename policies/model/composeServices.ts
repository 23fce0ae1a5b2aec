/**
 * The services of the docker-compose files a host's user data writes (cloud-config `write_files`, or a
 * boot script's `cat > docker-compose.yml <<EOF`), each as docker compose runs it: its image, command,
 * labels and its own env (`env_file`, then `environment`), with compose's variable substitution
 * (composeInterpolation.ts) and YAML merge keys (`<<: *anchor`).
 */
import { posix } from "node:path";
import { parse as parseYaml } from "yaml";
import { HOST_TEXT } from "./bootScriptEnv";
import { interpolate } from "./composeInterpolation";

/** One service of a docker-compose file on a host. */
export interface ComposeService {
  /** The service's key under `services:`. */
  name: string;
  /** Its `image`, when given as text. */
  image?: string;
  /** Its `command`, as one text (a list joined by blanks). */
  command?: string;
  /** Its `labels` (map or `K=v` list). */
  labels: Map<string, string>;
  /** Its own env: the `env_file` files cloud-config writes (read as docker compose reads them), then `environment`, which wins. */
  own: Map<string, string>;
  /** Keys of its `environment` whose value needs a variable only the host knows (`${HOST_IP}` without a `.env` that sets it). */
  runtime: Set<string>;
}

/** A compose `environment` or `labels` entry set: a map, or a list of `K=v`. */
function composeMap(entries: unknown, bare?: (name: string) => void): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(entries)) {
    for (const e of entries) {
      const s = String(e);
      const eq = s.indexOf("=");
      if (eq > 0) out.set(s.slice(0, eq), s.slice(eq + 1));
      else if (eq < 0 && s.trim()) bare?.(s.trim());
    }
  } else if (entries && typeof entries === "object") {
    for (const [k, v] of Object.entries(entries)) {
      if (v !== null && v !== undefined) out.set(k, String(v));
      else bare?.(k);
    }
  }
  return out;
}

/** A docker-compose file's path (`compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`, ...). */
export const COMPOSE_FILE = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

/** Stands in a compose file for text a boot script's expansion gives on the host (compose then sees a variable only the host sets). */
const HOST_VARIABLE = "OPENWHISK_CHECK_HOST_VALUE";

/**
 * The services of every docker-compose file on the host: written by cloud-config (`write_files`) or by a
 * boot script (`cat > docker-compose.yml <<EOF`, ...; `files` holds both). `onHost`: variables the host's
 * scripts set, whose values compose reads from the shell.
 */
export function composeServices(
  written: Map<string, string>,
  /** Reads an env file (`.env`, `env_file`) as docker compose does: policies/model/nodeEnv.ts parseEnvText. */
  readEnvFile: (text: string) => Map<string, string>,
  onHost: () => ReadonlySet<string> = () => new Set(),
  /** Variables the host's scripts export to `docker compose`: the shell's value wins over the `.env` file's (composeInterpolation.ts exportedNames). */
  exported: () => ReadonlySet<string> = () => new Set(),
): ComposeService[] {
  const out: ComposeService[] = [];
  let hostVars: Set<string> | undefined;
  for (const [file, content] of written) {
    if (!COMPOSE_FILE.test(file)) continue;
    let compose: unknown;
    try {
      // docker compose (compose-go, YAML with merge keys): `<<: *anchor` merges the anchored mapping, keys given beside it win.
      compose = parseYaml(content.split(HOST_TEXT).join(`\${${HOST_VARIABLE}}`), { merge: true });
    } catch {
      continue;
    }
    const services = (compose as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== "object") continue;
    // Variables: the `.env` file of the compose file's folder (compose's project directory), when written here.
    const dotEnv = written.get(posix.join(posix.dirname(file), ".env"));
    const vars = dotEnv !== undefined ? readEnvFile(dotEnv) : new Map<string, string>();
    hostVars ??= new Set([...onHost(), HOST_VARIABLE]);
    const fileHostVars = new Set(hostVars);
    for (const [k, v] of vars) if (v.includes(HOST_TEXT)) (vars.delete(k), fileHostVars.add(k));
    for (const k of exported()) if (vars.has(k)) (vars.delete(k), fileHostVars.add(k));
    for (const [name, raw] of Object.entries(services)) {
      const service = (raw ?? {}) as { image?: unknown; command?: unknown; labels?: unknown; environment?: unknown; env_file?: unknown };
      const own = new Map<string, string>();
      // env_file: a path or a list of paths or of { path }, relative to the compose file's folder (compose-spec "env_file").
      const envFiles = (Array.isArray(service.env_file) ? service.env_file : service.env_file !== undefined ? [service.env_file] : [])
        .map((e) => (typeof e === "string" ? e : typeof (e as { path?: unknown })?.path === "string" ? (e as { path: string }).path : undefined))
        .filter((e): e is string => e !== undefined);
      for (const envFile of envFiles) {
        const text = written.get(envFile.startsWith("/") ? envFile : posix.join(posix.dirname(file), envFile));
        if (text !== undefined) for (const [k, v] of readEnvFile(text)) own.set(k, v);
      }
      const runtime = new Set<string>();
      for (const [k, v] of own) if (v.includes(HOST_TEXT)) (own.delete(k), runtime.add(k)); // an env_file line a boot script fills in
      // `- KEY` / `KEY:` with no value: the container gets the variable of compose's own environment
      // (compose-spec "environment"), if that has it; the `.env` beside the file, or the host's shell.
      const bare: string[] = [];
      const given = composeMap(service.environment, (k) => bare.push(k));
      for (const k of bare) {
        if (vars.has(k)) own.set(k, vars.get(k)!);
        else if (fileHostVars.has(k)) (runtime.add(k), own.delete(k));
      }
      for (const [k, raw] of given) {
        const v = interpolate(raw, vars, fileHostVars);
        if (v === undefined) {
          runtime.add(k);
          own.delete(k);
        } else own.set(k, v);
      }
      const text = (v: unknown) => (typeof v === "string" ? interpolate(v, vars, fileHostVars) : undefined);
      const command = typeof service.command === "string" ? text(service.command) : Array.isArray(service.command) ? service.command.map((w) => text(String(w)) ?? "").join(" ") : undefined;
      out.push({ name, image: text(service.image), command, labels: composeMap(service.labels), own, runtime });
    }
  }
  return out;
}
