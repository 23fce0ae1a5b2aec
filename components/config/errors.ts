/** Key-naming configuration errors: one per problem, each with the full key, the value given and what is expected. */

export const NAMESPACE = "openwhisk";

export interface ConfigIssue {
  /** The full config key, e.g. `openwhisk:controllers.seeds` or `openwhisk:docker.controllerAddresses[1]`. */
  key: string;
  /** The value given (undefined when the key is missing). Secret keys are redacted. */
  value: unknown;
  /** What is expected instead. */
  expected: string;
}

/** Thrown (never with a stack trace shown to users) when a stack config is invalid. */
export class ConfigError extends Error {
  constructor(public readonly issues: ConfigIssue[], public readonly source?: string) {
    super(formatIssues(issues, source));
    this.name = "ConfigError";
  }
}

/** `openwhisk:` + path, e.g. ["controllers","names",1] -> openwhisk:controllers.names[1]. */
export function keyOf(path: ReadonlyArray<PropertyKey>): string {
  let key = "";
  for (const part of path) {
    if (typeof part === "number") key += `[${part}]`;
    else key += key === "" ? String(part) : `.${String(part)}`;
  }
  return `${NAMESPACE}:${key}`;
}

/**
 * A secret's value in an error: never shown, but an empty or blank one is said to be empty (that is
 * the mistake to fix, and saying so reveals nothing).
 */
export class RedactedSecret {
  /** What an error says about the value; the value itself is not kept. */
  readonly shown: string;
  constructor(value: unknown) {
    if (value === undefined) this.shown = "nothing (the key is missing)";
    else if (value === "") this.shown = 'an empty value ("")';
    else if (typeof value === "string" && value.trim() === "") this.shown = `only whitespace (${value.length} character${value.length === 1 ? "" : "s"})`;
    else if (typeof value !== "string") this.shown = `a ${value === null ? "null" : Array.isArray(value) ? "list" : typeof value}, not text`;
    else this.shown = "a secret value (not shown)";
  }
  toJSON(): string {
    return this.shown;
  }
}

export function describeValue(value: unknown): string {
  if (value instanceof RedactedSecret) return value.shown;
  if (value === undefined) return "nothing (the key is missing)";
  if (typeof value === "string") return JSON.stringify(value);
  // JSON has no NaN or infinities (YAML's .nan, .inf): name them, never "null".
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? ".nan (not a number)" : `${value < 0 ? "-" : ""}.inf (infinity)`;
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** Characters a terminal or log viewer acts on or hides (controls incl. C1's CSI, separators, bidi controls): printed as <U+XXXX>. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/gu;

export function formatIssue(issue: ConfigIssue): string {
  const line = `${issue.key}: got ${describeValue(issue.value)}; expected ${issue.expected.replace(/^expected /, "")}`;
  return line.replace(UNPRINTABLE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
}

export function formatIssues(issues: ConfigIssue[], source?: string): string {
  const head = `invalid stack config${source ? ` (${source})` : ""}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`;
  return [head, ...issues.map((i) => `  - ${formatIssue(i)}`)].join("\n");
}
