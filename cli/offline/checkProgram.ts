/**
 * The offline check: runs a Pulumi program under the mock runtime twice, as the preview of a new
 * stack (unknown EIPs, ids) and as after an update (realistic provider outputs), and runs the
 * policy pack over each.
 *
 * Both runs happen in this process, one after the other: the program's own modules are reloaded
 * between them, the Pulumi runtime is reset by `setMocks`, and a large heap is collected in between
 * when the process allows it (`--expose-gc`, as the npm scripts run it), so peak memory is one
 * run's, not two. (Running them at once in two worker threads was measured too: slower on these
 * two-core machines, and twice the memory.)
 *
 * Packages and this project's component library (`components/`, which the policies read too) stay
 * loaded: like `@pulumi/aws`, the library keeps no state of a run at module level (its module-level
 * maps are WeakMaps keyed by the run's own objects), so the second run reuses the compiled code and
 * what the library and the SDK cache by value (the serialized dynamic provider of the roll-out gate,
 * rendered user data), and still registers every resource anew.
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
  /** How long one run may take (default DEFAULT_RUN_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface CheckResult {
  stack: string;
  resources: number;
  violations: Violation[];
  ok: boolean;
  preview: ProgramRun;
  update: ProgramRun;
  /** Where the check's time went, in milliseconds (not part of any report; `npm run bench` prints it). */
  timings: { previewRun: number; updateRun: number; policies: number };
}

export class ProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramError";
  }
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** The checker's own modules, which stay loaded (the commands, the pack and the component library it reads). */
const CHECKER_DIRS = [path.resolve(__dirname, ".."), path.resolve(__dirname, "../../policies"), path.resolve(__dirname, "../../components")].map((d) => d + path.sep);

/**
 * Forgets the program's own modules (not packages, not the checker), so the next require runs it again.
 * They are taken out of the `children` of the modules that stay too (Node.js lists every module a module
 * required there): otherwise the checker's module that required the program would keep the last run's
 * exports, and through them every resource and output of that run, alive during the next one; so would a
 * library module that stays loaded and names the program's module as its parent (the module that
 * required it first).
 */
function unloadProgramModules(): void {
  const unloaded = new Set<NodeModule>();
  for (const id of Object.keys(require.cache)) {
    if (!id.includes(NODE_MODULES) && !CHECKER_DIRS.some((d) => id.startsWith(d))) {
      unloaded.add(require.cache[id]!);
      delete require.cache[id];
    }
  }
  if (unloaded.size === 0) return;
  for (const m of Object.values(require.cache)) {
    if (!m) continue;
    if (m.children.some((c) => unloaded.has(c))) m.children = m.children.filter((c) => !unloaded.has(c));
    // A library module the program loaded first names the program's module as its parent.
    if (m.parent && unloaded.has(m.parent)) Reflect.set(m, "parent", null);
  }
}

/** The run in progress, for a command that must say which program never settled. */
let current: { target: CheckTarget; preview: boolean; failure?: { error: unknown } } | undefined;

/**
 * The program run in progress, if any, for a command whose event loop emptied during it: what to say
 * (the program's first error, else how many runtime promises were still active).
 */
export function runInProgress(): { message: string } | undefined {
  if (!current) return undefined;
  const run = `program ${current.target.program} failed in the ${current.preview ? "preview" : "update"} run`;
  if (current.failure) return { message: `${run}: ${describeError(current.failure.error)}` };
  const { activePromises } = require("./runProgram") as typeof import("./runProgram");
  const n = activePromises();
  return {
    message: `${run}: it never settled, ${n} Pulumi promise${n === 1 ? " was" : "s were"} still active when nothing was left to run (an output that never resolves, a cyclic dependency between resources, or a missing await)`,
  };
}

/** Default time a program run may take before it counts as one that never settles. */
export const DEFAULT_RUN_TIMEOUT_MS = 120_000;

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === "string" ? e : JSON.stringify(e) ?? String(e);
}

async function runOnce(target: CheckTarget, preview: boolean): Promise<ProgramRun> {
  unloadProgramModules();
  const run: NonNullable<typeof current> = { target, preview };
  const onError = (e: unknown) => (run.failure ??= { error: e });
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  current = run;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Loaded here, not at the top: a command that fails on its arguments or config never loads Pulumi.
    const { runProgram } = require("./runProgram") as typeof import("./runProgram");
    const timeoutMs = target.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    // Unref'd: a program that leaves nothing to run ends the event loop instead (the command reports
    // the promises still active); one that keeps it busy (timers, sockets) is stopped here.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProgramError(`did not finish within ${timeoutMs / 1000} s (an output that never resolves, or a program that waits on something that never comes)`)), timeoutMs);
      timer.unref();
    });
    const registered = await Promise.race([runProgram({ project: target.project, stack: target.stack, preview, config: target.config, load: () => require(target.program) }), timedOut]);
    // A rejection nobody handled is reported by Node only once the microtask queue is empty: let it.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    if (run.failure) throw run.failure.error;
    const log = require("@pulumi/pulumi/log") as { hasErrors?: () => boolean };
    if (log.hasErrors?.()) throw new ProgramError("it logged an error (pulumi.log.error), which fails the deployment");
    return registered;
  } catch (e) {
    throw new ProgramError(`program ${target.program} failed in the ${preview ? "preview" : "update"} run: ${describeError(e)}`);
  } finally {
    clearTimeout(timer);
    // The run's modules go at once, not at the next run's start: the collection between the runs then
    // frees this run's resources and outputs, which its exports reach.
    unloadProgramModules();
    current = undefined;
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

/**
 * A heap this large after a run is collected before the next one (when the process allows it,
 * --expose-gc), so the two runs' garbage never adds up; below it a full collection costs more time
 * than it saves (measured: ~40 ms each on the 100-invoker bench stack, whose heap stays under it).
 */
const COLLECT_ABOVE_BYTES = 384 * 1024 * 1024;

/** Frees the previous run's garbage before the next one when the heap is large. */
function collect(): void {
  if (process.memoryUsage().heapUsed > COLLECT_ABOVE_BYTES) (globalThis as { gc?: () => void }).gc?.();
}

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function checkProgram(target: CheckTarget, policyConfig: PolicyPackConfig = {}): Promise<CheckResult> {
  let start = process.hrtime.bigint();
  const preview = await runOnce(target, true);
  collect();
  const previewRun = since(start);
  start = process.hrtime.bigint();
  const update = await runOnce(target, false);
  collect();
  const updateRun = since(start);
  // The policies read both runs after both ran: the user data of most hosts is the same in both, and its
  // parse (cached per text) is then built once, outside the runs' peak memory.
  start = process.hrtime.bigint();
  const violations = dedupe([...evaluatePolicies(preview.resources, policyConfig), ...evaluatePolicies(update.resources, policyConfig)]);
  return {
    stack: target.stack,
    resources: update.resources.length,
    violations,
    ok: !violations.some((v) => v.enforcementLevel === "mandatory"),
    preview,
    update,
    timings: { previewRun, updateRun, policies: since(start) },
  };
}
