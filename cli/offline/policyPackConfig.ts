/**
 * `--policy-config <file>` read and validated as the Pulumi engine reads `--policy-pack-config`
 * (pulumi/pulumi `pkg/resource/analyzer/config.go`: `parsePolicyPackConfig`, `extractEnforcementLevel`,
 * `ReconcilePolicyPackConfig`, `validatePolicyConfig`): whitespace-only content is no config; the file
 * is a JSON object keyed by policy name (`all` sets every policy's level); a value is an enforcement
 * level string or an object whose `enforcementLevel`, if present, is one; the valid levels are
 * `advisory`, `mandatory`, `remediate` and `disabled` (sdk `apitype.EnforcementLevel.IsValid`); a
 * policy's options, merged over its schema's defaults, must validate against its config schema (JSON
 * schema: type, items, minimum, maximum, enum, required). Stricter than the engine, which ignores them
 * silently: a policy name or option the pack does not have is an error too (a typo would otherwise
 * change nothing). Every problem names the policy and the option.
 */
import { POLICIES } from "../../policies/pack";
import type { PolicyPackConfig } from "./evaluatePolicies";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Schema = { type?: string | string[]; items?: Schema; minimum?: number; maximum?: number; enum?: unknown[] };

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** JSON-schema problems of one value (the keywords the pack's schemas use). */
function schemaErrors(value: unknown, schema: Schema, at: string): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = typeName(value);
  if (types.length && !types.some((t) => t === actual || (t === "number" && actual === "integer"))) return [`${at}: got ${JSON.stringify(value)} (${actual}); expected ${types.join(" or ")}`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${at}: got ${JSON.stringify(value)}; expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: got ${value}; expected at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: got ${value}; expected at most ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...schemaErrors(v, schema.items!, `${at}[${i}]`)));
  return errors;
}

/** Problems of a parsed policy config, each naming the policy (and option); empty when valid. */
export function policyConfigErrors(config: unknown): string[] {
  if (!config || typeof config !== "object" || Array.isArray(config)) return ["expected a JSON object keyed by policy name"];
  const errors: string[] = [];
  const byName = new Map(POLICIES.map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
    const policy = byName.get(name);
    if (!policy && name !== "all") {
      errors.push(`${JSON.stringify(name)}: no such policy in the pack (policies: ${[...byName.keys()].join(", ")}; or "all")`);
      continue;
    }
    if (typeof value === "string") {
      if (!ENFORCEMENT_LEVELS.includes(value)) errors.push(`${name}: ${JSON.stringify(value)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      errors.push(`${name}: ${JSON.stringify(value)} is not a valid value; must be a string or object`);
      continue;
    }
    const { enforcementLevel, ...options } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && (typeof enforcementLevel !== "string" || !ENFORCEMENT_LEVELS.includes(enforcementLevel))) {
      errors.push(`${name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`);
    }
    const properties = (policy?.configSchema?.properties ?? {}) as Record<string, Schema>;
    for (const [option, v] of Object.entries(options)) {
      const schema = properties[option];
      if (!schema) {
        const known = Object.keys(properties);
        errors.push(`${name}.${option}: no such option${known.length ? ` (options: ${known.join(", ")})` : ` (${name} takes none)`}`);
      } else errors.push(...schemaErrors(v, schema, `${name}.${option}`));
    }
  }
  return errors;
}

/** The config from a file's text, as the engine reads it; throws the problems found. */
export function parsePolicyConfig(text: string): PolicyPackConfig {
  if (text.trim() === "") return {};
  const parsed = JSON.parse(text) as unknown;
  const errors = policyConfigErrors(parsed);
  if (errors.length) throw new PolicyConfigError(errors);
  return parsed as PolicyPackConfig;
}

export class PolicyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "PolicyConfigError";
  }
}
