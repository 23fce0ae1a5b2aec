/**
 * `npm start` / `npm run preview -- --stack <name> | --config-file <path> [--json]`: the offline
 * preview of a stack. Runs the real stack program under Pulumi's mock runtime as the preview of a
 * brand-new stack, and prints every resource it would register, each node's rendered env (secrets
 * redacted) and the policy pack's verdict (from the preview and an after-update run, as `npm run
 * check`). Needs no Pulumi CLI, no cloud account, no Docker engine.
 * Exit 0: previewed, no mandatory violation; 1: a mandatory violation; 2: invalid config or arguments,
 * or a program run that fails or never settles (as `npm run check`).
 */
import * as path from "path";
import { formatIssues } from "../components/config/errors";
import { StackFileError } from "../components/config/stackFile";
import { renderStack } from "../components/plan/renderStack";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { runCommand } from "./runCommand";
import { loadStack, PROJECT_ROOT, resolveStackFile } from "./loadStack";
import { readTimeout } from "./check";
import { checkProgram, ProgramError } from "./offline/checkProgram";
import { checkJson, checkText } from "./offline/checkReport";
import { renderText } from "./render";

const FLAGS = { values: ["--stack", "--config-file", "--timeout"], switches: ["--json"] };

export const HELP: CommandHelp = {
  usage: "npm run preview --",
  summary: "The offline preview of a stack (default: local): every resource it would register, each node's rendered env and the policy pack's verdict, under Pulumi's mock runtime.",
  flags: {
    "--stack": "the stack to use: stacks/Pulumi.<value>.yaml",
    "--config-file": "a stack file at any path (Pulumi.<stack>.yaml format) instead of --stack",
    "--json": "print JSON only (on stdout): resources and the policy verdict",
    "--timeout": "seconds one program run may take before it counts as never settling (default 120; exit 2)",
  },
  exitCodes: { 0: "previewed, no mandatory violation", 1: "a mandatory policy violation", 2: "invalid config, stack file, program or arguments" },
};

export async function main(argv: string[]): Promise<number> {
  try {
    if (printHelpIfAsked(argv, HELP, FLAGS)) return 0;
    const { values, switches } = parseFlags(argv, FLAGS);
    const loaded = loadStack(resolveStackFile(values, "local"));
    if (loaded.issues) {
      process.stderr.write(formatIssues(loaded.issues, loaded.file.path) + "\n");
      return 2;
    }
    const stack = loaded.file.stack;
    const result = await checkProgram({ project: "openwhisk", stack, config: loaded.file.config, program: path.join(PROJECT_ROOT, "program"), timeoutMs: readTimeout(values["--timeout"]) });
    const run = result.preview;
    const rendered = renderStack(loaded.config, stack);
    const code = result.ok ? 0 : 1;
    if (switches.has("--json")) {
      const resources = run.resources.map((r) => ({ type: r.type, name: r.name, protect: r.protect }));
      process.stdout.write(JSON.stringify({ stack, resources, policy: checkJson(result) }, null, 2) + "\n");
      return code;
    }
    const lines = [`Offline preview of stack "${stack}" (${loaded.config.target}, ${loaded.config.release.flavor}): ${run.resources.length} resources`, ""];
    for (const r of run.resources) lines.push(`  + ${r.type.padEnd(48)} ${r.name}${r.protect ? "  [protected]" : ""}`);
    lines.push("", renderText(rendered), "", "# policy pack", checkText(result), "", "Deploy for real with the Pulumi CLI: pulumi up -s " + stack);
    process.stdout.write(lines.join("\n") + "\n");
    return code;
  } catch (e) {
    if (e instanceof UsageError || e instanceof StackFileError || e instanceof ProgramError) {
      process.stderr.write(`preview: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) runCommand("preview", main);
