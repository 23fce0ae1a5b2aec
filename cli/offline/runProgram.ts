/**
 * Runs a Pulumi program under the mock runtime and returns every resource it registered, with its
 * raw inputs (unknowns and secrets as the engine serialises them), options (protect,
 * deleteBeforeReplace, retainOnDelete), dependencies and property dependencies: what CrossGuard sees.
 * One program run per process state: the runtime is reset before each run.
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "./mockProviders";

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** Inputs as plain JSON: secrets unwrapped, unknowns left as Pulumi's unknown sentinel string. */
  inputs: Record<string, unknown>;
  /**
   * Outputs as the engine would hand them to stack policies: after an update, the provider's state
   * (inputs plus computed values such as an EIP's publicIp); in a preview, the inputs (computed
   * values are not known yet).
   */
  outputs: Record<string, unknown>;
  protect: boolean;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
  /** Input properties whose changes the engine ignores (ignoreChanges). */
  ignoreChanges: string[];
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export interface ProgramRun {
  preview: boolean;
  resources: RegisteredResource[];
}

/** Unwraps secret envelopes; keeps the unknown sentinel. */
export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return plainValue(obj.value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = plainValue(v);
    return out;
  }
  return value;
}

export interface RunOptions {
  project: string;
  stack: string;
  preview: boolean;
  /** Flat config map, `namespace:key` -> value (objects are passed as JSON). */
  config: Record<string, unknown>;
  /** Loads the program (e.g. () => require(path)); called after the mocks are in place. */
  load: () => unknown;
}

/** Settles every outstanding resource registration of the program. */
async function settle(): Promise<void> {
  // The runtime tracks outstanding RPCs; waitForRPCs resolves when all are done.
  const settings = require("@pulumi/pulumi/runtime/settings");
  if (typeof settings.waitForRPCs === "function") await settings.waitForRPCs();
  else await new Promise((r) => setTimeout(r, 50));
}

/**
 * Pulumi's runtime wraps every internal promise in `debuggablePromise`, which records an Error stack,
 * an id and a context on it and keeps it in a leak-candidate set, only to print "leaked promise"
 * diagnostics at exit. Under the mocks that bookkeeping was most of a check's time and memory
 * (profiled with `--cpu-prof`: a 1000-instance program ran in 6.3 s instead of 10.1 s and peaked at
 * 640 MB instead of 1.1 GB without it). The offline runs keep only what the engine acts on: how many
 * of those promises are still active (the engine fails a program that ends with any, "The Pulumi
 * runtime detected that N promises were still active", `@pulumi/pulumi/runtime/debuggable.js`).
 * Resources, outputs and their resolution are untouched. A runtime without the hook is left as it is.
 */
const active = { count: 0, idle: [] as (() => void)[] };

function settled(): void {
  active.count -= 1;
  if (active.count === 0) for (const resolve of active.idle.splice(0)) resolve();
}

function countActivePromises(): void {
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise?: unknown };
  if (typeof debuggable.debuggablePromise !== "function") return;
  active.count = 0;
  active.idle = [];
  debuggable.debuggablePromise = <T>(p: Promise<T>) => {
    active.count += 1;
    return p.then(
      (v) => (settled(), v),
      (e) => {
        settled();
        throw e;
      },
    );
  };
}

/** How many of the runtime's promises are still active (not resolved or rejected). */
export function activePromises(): number {
  return active.count;
}

/** Resolves when no runtime promise is active; never, while one stays active (the event loop then empties). */
function allPromisesSettled(): Promise<void> {
  return active.count === 0 ? Promise.resolve() : new Promise((resolve) => active.idle.push(resolve));
}

export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  countActivePromises();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat);
  await pulumi.runtime.setMocks(createMocks(options.preview), options.project, options.stack, options.preview);
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource: (req: any, cb: any) => void;
    newUrn: (parent: string, type: string, name: string) => string;
  };
  const resources: RegisteredResource[] = [];
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => (propertyDependencies[key] = deps.getUrnsList()));
    resources.push({
      urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent() || undefined,
      inputs: plainValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
      outputs: {},
      protect: !!req.getProtect(),
      deleteBeforeReplace: !!req.getDeletebeforereplace(),
      retainOnDelete: !!req.getRetainondelete(),
      ignoreChanges: req.getIgnorechangesList?.() ?? [],
      dependencies: req.getDependenciesList(),
      propertyDependencies,
    });
    original(req, cb);
  };
  // As Pulumi's Node.js host runs a program (`@pulumi/pulumi/cmd/run/run.js`): a module that exports a
  // function is called, and what it returns awaited (an async program's errors are the program's).
  // The stack's outputs are resolved too (the engine registers them on the stack): an export whose
  // apply throws fails the program.
  const loaded = options.load();
  const exported = typeof loaded === "function" ? await (loaded as () => unknown)() : loaded;
  if (exported && typeof exported === "object") {
    // Every export, not only a top-level Output: a promise, or an Output inside an object or list, is a
    // stack output too (the host resolves them deeply), and a rejected one fails the update.
    for (const value of Object.values(exported)) await (pulumi.output(value) as unknown as { promise(): Promise<unknown> }).promise();
  }
  await settle();
  await allPromisesSettled();
  const states = (monitor as unknown as { getRegisteredResources(): Map<string, { state: Record<string, unknown> }> }).getRegisteredResources();
  for (const r of resources) {
    const state = states.get(r.urn)?.state;
    r.outputs = options.preview || !r.custom || !state ? r.inputs : (plainValue(state) as Record<string, unknown>);
  }
  return { preview: options.preview, resources };
}
