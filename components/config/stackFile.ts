/**
 * Reads a Pulumi stack config file (`stacks/Pulumi.<stack>.yaml`) without the Pulumi CLI, for the
 * render and check commands. Encrypted (`secure:`) values cannot be read offline: they are kept as
 * the marker SECURE_PLACEHOLDER, which counts as "set" and is never printed.
 */
import * as fs from "fs";
import * as path from "path";
import { isAlias, LineCounter, parseDocument, visit, type Document } from "yaml";
import { asEngineValue } from "./pulumiValues";

export const SECURE_PLACEHOLDER = "[secure value, encrypted in the stack file]";

export interface StackFile {
  /** The stack name (from Pulumi.<stack>.yaml), or the file's base name. */
  stack: string;
  path: string;
  /** The flat config map, `namespace:key` -> value. */
  config: Record<string, unknown>;
  /** The config keys (`namespace:key`) whose value is encrypted (`secure:`): held as SECURE_PLACEHOLDER. */
  encryptedKeys?: string[];
}

export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

export function stackNameFromPath(file: string): string {
  const base = path.basename(file).replace(/\.ya?ml$/, "");
  return base.startsWith("Pulumi.") ? base.slice("Pulumi.".length) : base;
}

/** This project's name (Pulumi.yaml `name`): the namespace of a stack file's bare keys. */
const PROJECT = "openwhisk";

/** Reads a stack file; `project` is the namespace of its bare keys (the program's Pulumi.yaml `name`). */
export function readStackFile(file: string, project = PROJECT): StackFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new StackFileError(`${file}: cannot read the stack config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const doc = parseStackYaml(file, text);
  if (typeof doc !== "object" || Array.isArray(doc)) throw new StackFileError(`${file}: expected a mapping with a 'config:' key`);
  const config = (doc as Record<string, unknown>).config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) throw new StackFileError(`${file}: 'config:' must be a mapping of namespace:key to value`);
  const flat: Record<string, unknown> = {};
  const encryptedKeys: string[] = [];
  const writtenAs = new Map<string, string>();
  for (const [written, value] of Object.entries(config as Record<string, unknown>)) {
    const key = configKey(written, file, project);
    // `controllers` beside `openwhisk:controllers`: Pulumi keeps one of them, whichever its map iteration meets last.
    const other = writtenAs.get(key);
    if (other !== undefined) throw new StackFileError(`${file}: config keys ${JSON.stringify(other)} and ${JSON.stringify(written)} are both ${key}; give it once`);
    writtenAs.set(key, written);
    if (hasCycle(value)) {
      throw new StackFileError(`${file}: ${key}: a YAML alias that contains itself; Pulumi passes config as JSON, which cannot hold a cycle (write the value out)`);
    }
    if (isSecure(value)) encryptedKeys.push(key);
    flat[key] = isSecure(value) ? SECURE_PLACEHOLDER : asEngineValue(key, value);
  }
  return { stack: stackNameFromPath(file), path: file, config: flat, encryptedKeys };
}

/**
 * A stack file's config key as Pulumi reads it. Pulumi's stack-file loader first puts a key without a
 * colon into the project's namespace (pulumi/pulumi `sdk/go/common/workspace/loaders.go`,
 * `LoadProjectStackBytes` -> `stackConfigNamespacedWithProject`: `instanceSize` becomes
 * `<project>:instanceSize`), then parses every key with `ParseKey` (`sdk/go/common/resource/config/key.go`):
 * `<namespace>:<name>`, or the old `<namespace>:config:<name>` form, which means `<namespace>:<name>`.
 * Anything else is refused, naming the key; nothing is dropped.
 */
export function configKey(key: string, file: string, project = PROJECT): string {
  const parts = key.split(":");
  if (parts.length === 1) return `${project}:${key}`;
  if (parts.length === 2) return key;
  if (parts.length === 3 && parts[1] === "config" && parts[0] && parts[2]) return `${parts[0]}:${parts[2]}`;
  throw new StackFileError(
    `${file}: config key ${JSON.stringify(key).replace(/[\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}: Pulumi cannot parse it as a configuration key (configuration keys are of the form <namespace>:<name>, or <name> in the project's namespace)`,
  );
}

/** Whether a parsed YAML value refers to itself (an alias inside its own anchor). */
function hasCycle(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== "object") return false;
  if (seen.has(value)) return true;
  seen.add(value);
  const cyclic = Object.values(value).some((v) => hasCycle(v, seen));
  seen.delete(value);
  return cyclic;
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** `stacks/Pulumi.<name>.yaml` under the project root. */
export function stackFilePath(projectRoot: string, stack: string): string {
  return path.join(projectRoot, "stacks", `Pulumi.${stack}.yaml`);
}

/** The stacks shipped in `stacks/`, by name. */
export function listStacks(projectRoot: string): string[] {
  const dir = path.join(projectRoot, "stacks");
  return fs
    .readdirSync(dir)
    .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f))
    .map((f) => stackNameFromPath(f))
    .sort();
}

/**
 * The stack file's YAML, or an error that says where the problem is as `file:line:column` (how editors
 * and CI annotations point at it), what is wrong, and the line with a caret under the spot.
 */
function parseStackYaml(file: string, text: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    throw new StackFileError(yamlError(file, line, col, error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), text));
  }
  let value: unknown;
  try {
    const unresolved = unresolvedAlias(document);
    if (unresolved) {
      const { line, col } = lineCounter.linePos(unresolved.offset);
      throw new StackFileError(yamlError(file, line, col, `the alias *${unresolved.name} names no anchor (&${unresolved.name}) defined before it`, text));
    }
    value = document.toJS();
  } catch (e) {
    if (e instanceof StackFileError) throw e;
    // The yaml library refuses aliases that expand to too many nodes (a "billion laughs" document) with a ReferenceError.
    throw new StackFileError(`${file}: not a usable stack file: ${e instanceof Error ? e.message : String(e)} (YAML aliases that expand too far; write the values out)`);
  }
  return value === null || value === undefined ? {} : value;
}

/** The first alias (`*name`) that refers to no earlier anchor (YAML's toJS would throw without a position). */
function unresolvedAlias(document: Document): { name: string; offset: number } | undefined {
  let found: { name: string; offset: number } | undefined;
  visit(document, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(document) === undefined) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlError(file: string, line: number, col: number, reason: string, text: string): string {
  const source = text.split(/\r?\n/)[line - 1] ?? "";
  return `${file}:${line}:${col}: not valid YAML (line ${line}, column ${col}): ${reason}\n  ${source}\n  ${" ".repeat(Math.max(0, col - 1))}^`;
}
