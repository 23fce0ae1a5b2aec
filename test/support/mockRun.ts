/**
 * Runs a Pulumi program under the mock runtime with a fresh module registry (so every run has its
 * own Pulumi runtime state), returning what it registered.
 */
import * as path from "path";
import type { ProgramRun, RegisteredResource } from "../../cli/offline/runProgram";
import { readStackFile } from "../../components/config/stackFile";

export const ROOT = path.resolve(__dirname, "../..");

export async function runUnderMocks(config: Record<string, unknown>, opts: { stack?: string; preview?: boolean; program?: string } = {}): Promise<ProgramRun> {
  let run: ProgramRun | undefined;
  await jest.isolateModulesAsync(async () => {
    const { runProgram } = require("../../cli/offline/runProgram") as typeof import("../../cli/offline/runProgram");
    run = await runProgram({
      project: "openwhisk",
      stack: opts.stack ?? "test",
      preview: opts.preview ?? false,
      config,
      load: () => require(opts.program ?? path.join(ROOT, "program")),
    });
  });
  return run!;
}

export function stackConfig(stack: string): Record<string, unknown> {
  return readStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`)).config;
}

export const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);
export const byUrn = (run: ProgramRun) => new Map(run.resources.map((r) => [r.urn, r]));

/** `KEY=value` docker env list as a map. */
export function envOf(r: RegisteredResource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of (r.inputs.envs as string[]) ?? []) {
    const i = e.indexOf("=");
    out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}
