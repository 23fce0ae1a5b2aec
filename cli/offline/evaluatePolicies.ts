/**
 * Runs the pack's policies over registered resources exactly as CrossGuard would: each resource
 * becomes a PolicyResource whose props are wrapped in the SDK's unknown-checking proxy, and each
 * policy runs through the same `validateStack` the pack registers, with its config defaults applied.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { configWithDefaults, POLICIES, toStackPolicy, type OpenWhiskPolicy } from "../../policies/pack";
import type { RegisteredResource } from "./runProgram";

/** The SDK's own proxy (internal, untyped): reading an unknown value through it throws UnknownValueError. */
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(props: T): T;
  UnknownValueError: new (...args: unknown[]) => Error;
};

export interface Violation {
  policy: string;
  enforcementLevel: string;
  resource: string;
  message: string;
}

/** Per-policy config, as in `pulumi preview --policy-pack-config <file>`: `{ "<policy>": { ... } }`. */
export type PolicyPackConfig = Record<string, Record<string, unknown> | string>;

/** The resources as CrossGuard's `validateStack` receives them (props = outputs, graph = objects). */
export function toPolicyResources(resources: RegisteredResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const out = resources.map((r) => {
    const resource = {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: unknownCheckingProxy(r.outputs),
      opts: { protect: r.protect, ignoreChanges: [], deleteBeforeReplace: r.deleteBeforeReplace, aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent: r.parent },
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  resources.forEach((r, i) => {
    const resource = out[i] as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
    if (r.parent && byUrn.has(r.parent)) resource.parent = byUrn.get(r.parent);
    resource.dependencies = r.dependencies.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    for (const [k, deps] of Object.entries(r.propertyDependencies)) resource.propertyDependencies[k] = deps.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
  });
  return out;
}

function levelOf(policy: OpenWhiskPolicy<any>, config: PolicyPackConfig): string {
  const given = config[policy.name] ?? config.all;
  if (typeof given === "string") return given;
  const level = given && typeof given === "object" ? given.enforcementLevel : undefined;
  return typeof level === "string" ? level : policy.enforcementLevel;
}

/** Runs every policy; `disabled` policies are skipped, like the engine does. */
export function evaluatePolicies(resources: RegisteredResource[], config: PolicyPackConfig = {}): Violation[] {
  const policyResources = toPolicyResources(resources);
  const violations: Violation[] = [];
  for (const policy of POLICIES) {
    const enforcementLevel = levelOf(policy, config);
    if (enforcementLevel === "disabled") continue;
    const given = config[policy.name];
    const { enforcementLevel: _, ...policyConfig } = given && typeof given === "object" ? given : ({} as Record<string, unknown>);
    const args: StackValidationArgs = {
      resources: policyResources,
      stackTags: new Map(),
      getConfig: <T extends object>() => configWithDefaults(policy, policyConfig) as T,
      notApplicable: (reason?: string): never => {
        throw new Error(`not applicable: ${reason}`);
      },
    };
    try {
      toStackPolicy(policy).validateStack(args, (message, urn) => violations.push({ policy: policy.name, enforcementLevel, resource: urn ?? "", message }));
    } catch (e) {
      // Same as the engine: a policy that reads an unknown value cannot run in a preview (advisory).
      if (e instanceof UnknownValueError) violations.push({ policy: policy.name, enforcementLevel: "advisory", resource: "", message: `can't run policy ${policy.name} during preview: ${e.message}` });
      else violations.push({ policy: policy.name, enforcementLevel: "mandatory", resource: "", message: `policy ${policy.name} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return violations;
}
