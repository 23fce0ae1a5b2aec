/**
 * The offline check: runs a Pulumi program under the mock runtime twice, as the preview of a new
 * stack (unknown EIPs, ids) and as after an update (realistic provider outputs), and runs the
 * policy pack over each.
 *
 * Both runs happen in this process, one after the other: the program's own modules are reloaded
 * between them, the Pulumi runtime is reset by `setMocks`, and the heap is collected in between
 * when the process allows it (`--expose-gc`, as the npm scripts run it), so peak memory is one
 * run's, not two. (Running them at once in two worker threads was measured too: slower on these
 * two-core machines, and twice the memory.)
 */
import * as path from "path";
import { evaluatePolicies, type PolicyPackConfig, type Violation } from "./evaluatePolicies";
import type { ProgramRun } from "./runProgram";

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
/** The checker's own modules, which stay loaded (the pack and the commands). */
const CHECKER_DIRS = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../../policies")].map((d) => d + path.sep);

/** Forgets the program's own modules (not packages, not the checker), so the next require runs it again. */
function unloadProgramModules(): void {
  for (const id of Object.keys(require.cache)) {
    if (!id.includes(NODE_MODULES) && !CHECKER_DIRS.some((d) => id.startsWith(d))) delete require.cache[id];
  }
}

async function runOnce(target: CheckTarget, preview: boolean): Promise<ProgramRun> {
  unloadProgramModules();
  let failure: unknown;
  const onError = (e: unknown) => (failure ??= e);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  try {
    // Loaded here, not at the top: a command that fails on its arguments or config never loads Pulumi.
    const { runProgram } = require("./runProgram") as typeof import("./runProgram");
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

/** Frees the previous run's garbage before the next one, when the process allows it (--expose-gc). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function runBoth(target: CheckTarget): Promise<[ProgramRun, ProgramRun]> {
  const preview = await runOnce(target, true);
  collect();
  const update = await runOnce(target, false);
  collect();
  return [preview, update];
}

export async function checkProgram(target: CheckTarget, policyConfig: PolicyPackConfig = {}): Promise<CheckResult> {
  const [preview, update] = await runBoth(target);
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
