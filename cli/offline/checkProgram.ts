/**
 * The offline check: runs a Pulumi program under the mock runtime twice, as the preview of a new
 * stack (unknown EIPs, ids) and as after an update (realistic provider outputs), and runs the
 * policy pack over each. Both runs happen in this process: the program's own modules are reloaded
 * between them, the Pulumi runtime is reset by `setMocks`.
 */
import * as path from "path";
import { evaluatePolicies, type PolicyPackConfig, type Violation } from "./evaluatePolicies";
import { runProgram, type ProgramRun } from "./runProgram";

export interface CheckTarget {
  project: string;
  stack: string;
  /** Flat config map, `namespace:key` -> value. */
  config: Record<string, unknown>;
  /** The program's entry (a file, or a directory with index.ts/index.js). */
  program: string;
}

export interface CheckResult {
  stack: string;
  resources: number;
  violations: Violation[];
  ok: boolean;
  preview: ProgramRun;
  update: ProgramRun;
}

export class ProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramError";
  }
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Forgets the program's own modules (not node_modules), so the next require runs it again. */
function unloadProgramModules(): void {
  for (const id of Object.keys(require.cache)) {
    if (!id.includes(NODE_MODULES) && !id.includes(`${path.sep}policies${path.sep}`) && !id.includes(`${path.sep}cli${path.sep}`)) delete require.cache[id];
  }
}

async function runOnce(target: CheckTarget, preview: boolean): Promise<ProgramRun> {
  unloadProgramModules();
  let failure: unknown;
  const onError = (e: unknown) => (failure ??= e);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  try {
    const run = await runProgram({ project: target.project, stack: target.stack, preview, config: target.config, load: () => require(target.program) });
    if (failure) throw failure;
    return run;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new ProgramError(`program ${target.program} failed in the ${preview ? "preview" : "update"} run: ${message}`);
  } finally {
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
  }
}

/** Keeps one finding per policy, resource and message (preview and update often agree). */
function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.policy}\u0000${v.resource}\u0000${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function checkProgram(target: CheckTarget, policyConfig: PolicyPackConfig = {}): Promise<CheckResult> {
  const preview = await runOnce(target, true);
  const update = await runOnce(target, false);
  const violations = dedupe([...evaluatePolicies(preview.resources, policyConfig), ...evaluatePolicies(update.resources, policyConfig)]);
  return {
    stack: target.stack,
    resources: update.resources.length,
    violations,
    ok: !violations.some((v) => v.enforcementLevel === "mandatory"),
    preview,
    update,
  };
}
