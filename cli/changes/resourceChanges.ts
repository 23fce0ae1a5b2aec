/**
 * What `pulumi up` would do to each resource when a stack goes from one config to another, from two
 * offline runs of the same program (the previews of each config under Pulumi's mock runtime, as
 * `npm run check` runs them): create, update, replace, delete or nothing.
 *
 * - create / delete: a resource (by URN) only in the new / old run.
 * - update: an input property differs (compared as JSON; the previews' unknown outputs compare equal).
 * - replace: a changed property forces replacement (replaceRules.ts), or a property that takes a
 *   REPLACED resource's output (the engine's property dependencies) forces it: the new resource's id
 *   or address is unknown until it exists, exactly what Pulumi's own preview shows; repeated until
 *   nothing more changes.
 */
import type { RegisteredResource } from "../offline/runProgram";
import { replacingProperties } from "./replaceRules";

export type ChangeAction = "create" | "update" | "replace" | "delete" | "same";

export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  action: ChangeAction;
  /** Input properties whose value changes (directly, or because they take a replaced resource's output). */
  changed: string[];
  /** Of those, the properties that force the replacement. */
  replaceBecause: string[];
  /** Replaced resources this one's changed properties take outputs from. */
  causedBy: string[];
  /** The type is not in the replacement table: an update here may be a replacement in reality. */
  replaceUnknown?: boolean;
  protect: boolean;
  deleteBeforeReplace: boolean;
  dependencies: string[];
}

/** Properties Pulumi handles itself, not inputs of the provider. */
const INTERNAL = new Set(["__provider"]);

function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !INTERNAL.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * The engine keeps the old value of a property the new resource's `ignoreChanges` names, so such a change is
 * neither an update nor a replacement. Only a whole top-level property is dropped; a nested path (`tags.Name`)
 * still reports its top-level property as changed.
 */
function ignored(r: RegisteredResource, property: string): boolean {
  return (r.ignoreChanges ?? []).includes(property);
}

export function resourceChanges(before: RegisteredResource[], after: RegisteredResource[]): ResourceChange[] {
  const old = new Map(before.filter((r) => r.custom).map((r) => [r.urn, r]));
  const now = new Map(after.filter((r) => r.custom).map((r) => [r.urn, r]));
  const changes = new Map<string, ResourceChange>();
  const base = (r: RegisteredResource, action: ChangeAction): ResourceChange => ({
    urn: r.urn, type: r.type, name: r.name, parent: r.parent, action, changed: [], replaceBecause: [], causedBy: [],
    protect: r.protect, deleteBeforeReplace: r.deleteBeforeReplace, dependencies: r.dependencies,
  });
  for (const r of now.values()) {
    const o = old.get(r.urn);
    changes.set(r.urn, o ? { ...base(r, "same"), changed: changedProperties(o.inputs, r.inputs).filter((p) => !ignored(r, p)) } : base(r, "create"));
  }
  for (const o of old.values()) if (!now.has(o.urn)) changes.set(o.urn, base(o, "delete"));

  // Replacements propagate through property dependencies until nothing more changes.
  for (let again = true; again; ) {
    again = false;
    const replaced = new Set([...changes.values()].filter((c) => c.action === "replace" || c.action === "create").map((c) => c.urn));
    for (const r of now.values()) {
      const c = changes.get(r.urn)!;
      if (c.action === "create") continue;
      const changed = new Set(c.changed);
      const causedBy = new Set(c.causedBy);
      for (const [property, urns] of Object.entries(r.propertyDependencies)) {
        // A created dependency counts only when it replaces something the old run had at that property.
        const hits = urns.filter((u) => replaced.has(u) && changes.get(u)!.action === "replace");
        if (hits.length && !INTERNAL.has(property) && !ignored(r, property)) {
          changed.add(property);
          hits.forEach((u) => causedBy.add(u));
        }
      }
      const replaceBecause = replacingProperties(r.type, [...changed], r.inputs);
      const action: ChangeAction = replaceBecause?.length ? "replace" : changed.size ? "update" : "same";
      const next = { ...c, action, changed: [...changed].sort(), causedBy: [...causedBy].sort(), replaceBecause: replaceBecause ?? [], ...(replaceBecause === undefined && changed.size ? { replaceUnknown: true } : {}) };
      if (next.action !== c.action || next.changed.length !== c.changed.length || next.causedBy.length !== c.causedBy.length) again = true;
      changes.set(r.urn, next);
    }
  }
  return [...changes.values()];
}
