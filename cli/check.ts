/**
 * `npm run check -- --stack <name> | --config-file <path> | --program <path> [--json | --markdown]
 * [--policy-config <file>] [--timeout <seconds>]` (default: --stack local): the policy pack, offline. Runs the program (ours by default, or any
 * Pulumi program) under Pulumi's mock runtime as a new-stack preview and as after an update, and
 * applies every policy to what it registered. No Pulumi CLI, cloud account or Docker engine needed.
 * Exit 0: no mandatory violation; 1: at least one; 2: invalid config, program or arguments, or a
 * program that fails: throws (also inside an `apply`), leaves a rejection unhandled, logs an error,
 * never settles, or runs longer than --timeout (default 120 s per run).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { formatIssues } from "../components/config/errors";
import { readStackFile, StackFileError } from "../components/config/stackFile";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { runCommand } from "./runCommand";
import { loadStack, offlineProgramConfig, PROJECT_ROOT, resolveStackFile, STACK_NAME } from "./loadStack";
import { checkProgram, ProgramError, type CheckResult, type CheckTarget } from "./offline/checkProgram";
import { checkJson, checkMarkdown, checkText } from "./offline/checkReport";
import type { PolicyPackConfig } from "./offline/evaluatePolicies";
import { parsePolicyConfig, PolicyConfigError } from "./offline/policyPackConfig";
import { phase } from "./progress";

const FLAGS = { values: ["--stack", "--config-file", "--program", "--policy-config", "--timeout"], switches: ["--json", "--markdown"] };

/** `--timeout <seconds>`: how long one program run may take before it counts as never settling. */
export function readTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`--timeout ${JSON.stringify(value)}: expected a number of seconds greater than 0`);
  return Number(value) * 1000;
}

export const HELP: CommandHelp = {
  usage: "npm run check --",
  summary: "Runs the policy pack offline: the program (this project's by default, or any Pulumi program) under Pulumi's mock runtime as a new-stack preview and after an update, every policy applied to what it registered.",
  flags: {
    "--stack": "the stack: stacks/Pulumi.<value>.yaml (default local); with --program, the stack name the program sees",
    "--config-file": "a stack file at any path (Pulumi.<stack>.yaml format) instead of --stack",
    "--program": "check another Pulumi program (a .ts or .js file, or a directory with index.ts / index.js)",
    "--policy-config": "a JSON file of policy settings keyed by policy name (as pulumi up --policy-pack-config)",
    "--json": "print JSON only (on stdout), for jq",
    "--markdown": "print Markdown, for a pull-request comment",
    "--timeout": "seconds one program run may take before it counts as never settling (default 120; exit 2)",
  },
  exitCodes: { 0: "no mandatory violation", 1: "at least one mandatory violation", 2: "invalid config, stack file, program or arguments" },
};

/** The project name of a program: its Pulumi.yaml's `name`, else "project". */
function projectOf(program: string): string {
  for (let dir = path.dirname(program); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "Pulumi.yaml");
    if (fs.existsSync(file)) {
      const doc = parseYaml(fs.readFileSync(file, "utf8")) as { name?: unknown } | null;
      if (typeof doc?.name === "string") return doc.name;
    }
    if (path.dirname(dir) === dir) return "project";
  }
}

/** What to check: our program with a validated stack config, or any program with a raw one. */
function resolveTarget(values: Record<string, string>): CheckTarget | { issues: string } {
  if (values["--program"]) {
    const program = path.resolve(values["--program"]);
    if (!fs.existsSync(program)) throw new UsageError(`--program ${values["--program"]}: no such file or directory`);
    if (fs.statSync(program).isFile() && !/\.(ts|js|cjs)$/.test(program)) throw new UsageError(`--program ${values["--program"]}: expected a .ts or .js file (or a directory with index.ts / index.js)`);
    const project = projectOf(fs.statSync(program).isFile() ? program : path.join(program, "index"));
    const file = values["--config-file"] ? readStackFile(path.resolve(values["--config-file"]), project) : undefined;
    const stack = values["--stack"] ?? file?.stack ?? "dev";
    if (!STACK_NAME.test(stack)) throw new UsageError(`--stack ${JSON.stringify(stack)}: expected a stack name (letters, digits, _ . -)`);
    return { project, stack, config: file?.config ?? {}, program };
  }
  const loaded = loadStack(resolveStackFile(values, "local"));
  if (loaded.issues) return { issues: formatIssues(loaded.issues, loaded.file.path) };
  return { project: "openwhisk", stack: loaded.file.stack, config: offlineProgramConfig(loaded.file), program: path.join(PROJECT_ROOT, "program") };
}

function readPolicyConfig(file: string | undefined): PolicyPackConfig {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--policy-config ${file}: cannot read the file`);
  }
  try {
    return parsePolicyConfig(text);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UsageError(`--policy-config ${file}: not valid JSON (${e.message})`);
    if (e instanceof PolicyConfigError) throw new UsageError(`--policy-config ${file}:\n${e.problems.map((p) => `  ${p}`).join("\n")}`);
    throw e;
  }
}

export async function check(argv: string[]): Promise<{ code: number; result?: CheckResult }> {
  try {
    if (printHelpIfAsked(argv, HELP, FLAGS)) return { code: 0 };
    const { values, switches } = parseFlags(argv, FLAGS);
    if (switches.has("--json") && switches.has("--markdown")) throw new UsageError("give --json or --markdown, not both");
    if (values["--program"] && values["--stack"] && values["--config-file"]) throw new UsageError("with --program, give --config-file or --stack (a stack name), not both");
    const policyConfig = readPolicyConfig(values["--policy-config"]);
    const target = resolveTarget(values);
    if ("issues" in target) {
      process.stderr.write(target.issues + "\n");
      return { code: 2 };
    }
    const what = values["--program"] ? path.relative(process.cwd(), target.program) : `stack ${target.stack}`;
    // Progress on stderr (stdout is the report); none with --json.
    const result = await phase(switches.has("--json"), `check: running ${what} under Pulumi's mocks (a new-stack preview, then after an update) and the policy pack`, () => checkProgram({ ...target, timeoutMs: readTimeout(values["--timeout"]) }, policyConfig));
    const out = switches.has("--json") ? JSON.stringify(checkJson(result), null, 2) : switches.has("--markdown") ? checkMarkdown(result) : checkText(result);
    process.stdout.write(out + "\n");
    return { code: result.ok ? 0 : 1, result };
  } catch (e) {
    if (e instanceof UsageError || e instanceof StackFileError || e instanceof ProgramError) {
      process.stderr.write(`check: ${e.message}\n`);
      return { code: 2 };
    }
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  return (await check(argv)).code;
}

if (require.main === module) runCommand("check", main);
