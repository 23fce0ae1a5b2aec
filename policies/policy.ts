/**
 * The shape of every policy in the pack: a stable name, a description, a level, optional config,
 * and a check over the indexed stack. `toStackPolicy` turns one into a CrossGuard stack policy;
 * the offline checker calls `check` directly with the same model.
 */
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { buildClusterModel, type ClusterModel } from "./model/clusterModel";
import { fromPolicyResources } from "./model/stackResource";
import { stackConfigHint } from "./stackConfigHints";

export type Level = "mandatory" | "advisory";

/** Reports a finding; `urn` defaults to the stack itself. */
export type Report = (message: string, urn?: string) => void;

export interface OpenWhiskPolicy<C extends object = Record<string, unknown>> {
  /** Stable name: what `pulumi preview`, the checker's JSON and the README call it. */
  name: string;
  description: string;
  enforcementLevel: Level;
  /** JSON schema of the policy's config; the engine (or the offline checker) fills in defaults. */
  configSchema?: PolicyConfigSchema;
  check(model: ClusterModel, config: C, report: Report): void;
}

export function toStackPolicy(policy: OpenWhiskPolicy<any>): StackValidationPolicy {
  return {
    name: policy.name,
    description: policy.description,
    enforcementLevel: policy.enforcementLevel,
    configSchema: policy.configSchema,
    validateStack: (args, reportViolation) => {
      const model = buildClusterModel(fromPolicyResources(args.resources));
      policy.check(model, args.getConfig<object>(), (message, urn) => reportViolation(message + stackConfigHint(policy.name, model, urn), urn ?? model.stackUrn));
    },
  };
}

/** The config a policy runs with: its schema's defaults, overridden by what was given. */
export function configWithDefaults(policy: OpenWhiskPolicy<any>, given: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema && typeof schema === "object" && "default" in schema) config[key] = structuredClone((schema as { default: unknown }).default);
  }
  return { ...config, ...given };
}
