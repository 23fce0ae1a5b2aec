/**
 * How a check result reads: the JSON contract, a terminal report, and a pull-request comment
 * with a Mermaid diagram of the cluster's topology (seeds, static addresses, DNS names, invokers).
 */
import { buildClusterModel, fromPolicyResources, POLICIES } from "../../policies/pack";
import { runcOf } from "../../policies/model/clusterSettings";
import { seedsOf } from "../../policies/model/openwhiskNodes";
import type { CheckResult } from "./checkProgram";
import { toPolicyResources } from "./evaluatePolicies";

/** Exactly the checker's JSON contract. */
export function checkJson(result: CheckResult) {
  return {
    stack: result.stack,
    resources: result.resources,
    violations: result.violations.map((v) => ({ policy: v.policy, enforcementLevel: v.enforcementLevel, resource: v.resource, message: v.message })),
    ok: result.ok,
  };
}

function shortResource(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? `${parts[2].split("$").pop()} ${parts[3]}` : urn || "(stack)";
}

export function checkText(result: CheckResult): string {
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
  const advisory = result.violations.filter((v) => v.enforcementLevel !== "mandatory");
  const lines = [
    `Policy check of stack "${result.stack}": ${result.resources} resources, ${POLICIES.length} policies, run on the preview of a new stack and after an update.`,
  ];
  for (const [title, list] of [["Mandatory violations", mandatory], ["Advisories", advisory]] as const) {
    if (list.length === 0) continue;
    lines.push("", `${title} (${list.length}):`);
    for (const v of list) lines.push(`  [${v.policy}] ${shortResource(v.resource)}`, `      ${v.message}`);
  }
  lines.push("", result.ok ? `Verdict: PASS (no mandatory violation${advisory.length ? `; ${advisory.length} advisory` : ""})` : `Verdict: FAIL (${mandatory.length} mandatory violation${mandatory.length === 1 ? "" : "s"})`);
  return lines.join("\n");
}

const MAX_INVOKERS_DRAWN = 8;

function mermaidText(text: string): string {
  return text.replace(/"/g, "#quot;");
}

/** A Mermaid flowchart of the after-update topology. */
export function topologyMermaid(result: CheckResult): string {
  const model = buildClusterModel(fromPolicyResources(toPolicyResources(result.update.resources)));
  const lines = ["flowchart LR"];
  const ids = new Map<string, string>();
  const seedHosts = new Set(model.clustered.flatMap((n) => seedsOf(n).map((s) => s.host)));
  lines.push('  subgraph controllers["controller cluster"]');
  model.controllers.forEach((c, i) => {
    const id = `c${i}`;
    ids.set(c.resource.urn, id);
    const identity = model.addresses.identities.get(c.resource.urn);
    const addresses = [...(identity?.ips ?? []), ...(identity?.names ?? [])];
    const seed = addresses.some((a) => seedHosts.has(a.toLowerCase()));
    const label = [`${c.name}${seed ? " (seed)" : ""}`, ...addresses, c.flavor ?? ""].filter(Boolean).join("<br/>");
    lines.push(`    ${id}${seed ? "[[" : "["}"${mermaidText(label)}"${seed ? "]]" : "]"}`);
  });
  lines.push("  end");
  const edges = new Set<string>();
  for (const c of model.clustered) {
    for (const s of seedsOf(c)) {
      const owner = s.host ? model.controllerAt(s.host) : undefined;
      const target = owner ? ids.get(owner.resource.urn) : undefined;
      const from = ids.get(c.resource.urn);
      if (target && from && target !== from) edges.add(`  ${from} -. seed .-> ${target}`);
    }
  }
  lines.push(...edges);
  if (model.invokers.length > 0) {
    lines.push('  subgraph invokers["invokers"]');
    model.invokers.slice(0, MAX_INVOKERS_DRAWN).forEach((inv, i) => {
      const runc = runcOf(inv);
      const versions = inv.declared.get("openwhisk.runc.host-version");
      lines.push(`    i${i}["${mermaidText(`${inv.name}<br/>runc ${runc.effective ? `on${versions ? ` ${versions}` : ""}` : "off"}`)}"]`);
    });
    const more = model.invokers.length - MAX_INVOKERS_DRAWN;
    if (more > 0) lines.push(`    imore["… ${more} more invokers"]`);
    lines.push("  end", "  controllers --> invokers");
  }
  return lines.join("\n");
}

export function checkMarkdown(result: CheckResult): string {
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
  const advisory = result.violations.filter((v) => v.enforcementLevel !== "mandatory");
  const lines = [
    `### ${result.ok ? "✅" : "❌"} OpenWhisk policy check: \`${result.stack}\``,
    "",
    `${result.resources} resources · ${mandatory.length} mandatory violation${mandatory.length === 1 ? "" : "s"} · ${advisory.length} advisor${advisory.length === 1 ? "y" : "ies"} · checked offline as a new-stack preview and after an update`,
  ];
  if (result.violations.length > 0) {
    lines.push("", "| policy | level | resource | message |", "|---|---|---|---|");
    for (const v of [...mandatory, ...advisory]) {
      lines.push(`| \`${v.policy}\` | ${v.enforcementLevel} | \`${shortResource(v.resource)}\` | ${v.message.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`);
    }
  }
  lines.push("", "<details><summary>Topology</summary>", "", "```mermaid", topologyMermaid(result), "```", "", "</details>");
  return lines.join("\n");
}
