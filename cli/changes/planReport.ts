/** The change plan as Markdown (a pull-request comment) and as JSON. */
import type { PlanFlag, RolloutStep } from "./rollout";
import type { ChangeAction, ResourceChange } from "./resourceChanges";

export interface ChangePlan {
  stack: string;
  /** What the plan compares against: the git ref or config file given to --against. */
  against: string;
  changes: ResourceChange[];
  rollout: RolloutStep[];
  flags: PlanFlag[];
  /** The new config's policy verdict (as npm run check). */
  policy: { ok: boolean; mandatory: string[] };
}

const ORDER: ChangeAction[] = ["replace", "delete", "create", "update"];

export function summary(plan: ChangePlan): Record<ChangeAction, number> {
  const count = (a: ChangeAction) => plan.changes.filter((c) => c.action === a).length;
  return { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete"), same: count("same") };
}

export const REPLACE_NOTE =
  "Replacements are derived offline: both configs run through the program under Pulumi's mock runtime (as `npm run check`), inputs are compared, and a change replaces a resource when its provider marks that property as forcing a new resource (a table written from the providers' documentation, cli/changes/replaceRules.ts) or when it takes the output of a replaced resource. `pulumi preview` against the real stack has the final word.";

export function planJson(plan: ChangePlan) {
  return {
    stack: plan.stack,
    against: plan.against,
    summary: summary(plan),
    resources: plan.changes
      .filter((c) => c.action !== "same")
      .map((c) => ({ urn: c.urn, type: c.type, name: c.name, action: c.action, changed: c.changed, replaceBecause: c.replaceBecause, causedBy: c.causedBy, ...(c.replaceUnknown ? { replaceUnknown: true } : {}), protect: c.protect })),
    rollout: plan.rollout,
    flags: plan.flags,
    policy: plan.policy,
  };
}

function why(c: ResourceChange): string {
  const parts: string[] = [];
  if (c.action === "replace") parts.push(`forces replacement: ${c.replaceBecause.map((p) => `\`${p}\``).join(", ")}`);
  const others = c.changed.filter((p) => !c.replaceBecause.includes(p));
  if (others.length) parts.push(`changes ${others.map((p) => `\`${p}\``).join(", ")}`);
  if (c.causedBy.length) parts.push(`takes the new ${c.causedBy.map((u) => `\`${u.split("::").pop()}\``).join(", ")}`);
  if (c.replaceUnknown) parts.push("type not in the replacement table: may be a replacement");
  if (c.protect && (c.action === "replace" || c.action === "delete")) parts.push("**protected: pulumi up refuses until unprotected**");
  return parts.join("; ");
}

export function planMarkdown(plan: ChangePlan): string {
  const s = summary(plan);
  const lines = [
    `## Change plan for stack \`${plan.stack}\` (against \`${plan.against}\`)`,
    "",
    `**${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete** (${s.same} unchanged)`,
    "",
  ];
  if (plan.flags.length) {
    lines.push("### Needs attention", "");
    for (const f of plan.flags) lines.push(`- **${f.kind}**: ${f.message}`);
    lines.push("");
  }
  lines.push("### Controllers' roll-out", "");
  if (plan.rollout.length === 0) lines.push("No controllers.");
  plan.rollout.forEach((step, i) => {
    lines.push(`${i + 1}. \`${step.controller}\`${step.seed ? " (seed)" : ""}: ${step.action === "same" ? "unchanged" : step.action}`);
    if (i < plan.rollout.length - 1 || step.gate.kind !== "none") lines.push(`   - then: ${step.gate.description}${step.gate.name ? ` (\`${step.gate.name}\`${step.gate.action && step.gate.action !== "same" ? `, ${step.gate.action}` : ""})` : ""}`);
  });
  lines.push("");
  const shown = plan.changes.filter((c) => c.action !== "same").sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || a.name.localeCompare(b.name));
  lines.push("### Resources", "");
  if (shown.length === 0) lines.push("No resource changes.");
  else {
    lines.push("| action | type | name | why |", "|---|---|---|---|");
    for (const c of shown) lines.push(`| ${c.action} | \`${c.type}\` | \`${c.name}\` | ${why(c)} |`);
  }
  lines.push("", `Policy pack on the new config: ${plan.policy.ok ? "no mandatory violation" : `mandatory violations: ${plan.policy.mandatory.join(", ")}`}.`, "", `<sub>${REPLACE_NOTE}</sub>`, "");
  return lines.join("\n");
}
