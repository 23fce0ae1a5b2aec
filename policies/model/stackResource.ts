/**
 * The one shape every policy reads: a resource of the stack with its output properties as raw
 * values (unknowns left as the engine's sentinels), its `protect` option and its dependency graph
 * as URNs. Built from CrossGuard's `PolicyResource`s (real `pulumi preview/up`) or from the offline
 * checker's registered resources, so the policies judge both the same way.
 */
import type { PolicyResource } from "@pulumi/policy";

export interface StackResource {
  urn: string;
  type: string;
  name: string;
  /** Output properties (stack policies see outputs); may hold unknown sentinels in a preview. */
  props: Record<string, unknown>;
  protect: boolean;
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

const PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * Unwraps CrossGuard's unknown-checking proxy: reading an unknown through it throws, so the
 * policies read raw values and decide about unknowns themselves (from the resource graph).
 */
export function rawProps(props: Record<string, unknown>): Record<string, unknown> {
  const target = (props as Record<string, unknown>)[PROXY_TARGET];
  return (target && typeof target === "object" ? target : props) as Record<string, unknown>;
}

const converted = new WeakMap<PolicyResource[], StackResource[]>();

export function fromPolicyResources(resources: PolicyResource[]): StackResource[] {
  const cached = converted.get(resources);
  if (cached) return cached;
  const result = resources.map((r) => {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: rawProps(r.props),
      protect: !!r.opts?.protect,
      parent: r.parent?.urn ?? r.opts?.parent,
      dependencies: (r.dependencies ?? []).map((d) => d.urn),
      propertyDependencies,
    };
  });
  converted.set(resources, result);
  return result;
}

/** The stack name from any resource URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

export function projectOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:[^:]+::([^:]+)::/.exec(urn)?.[1];
}
