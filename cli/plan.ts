/**
 * `npm run plan -- --stack <name> | --config-file <path> --against <git ref | config file> [--json]`:
 * what merging this config change does to the cluster, offline (like `terraform plan` or
 * `helm diff`): per resource create / update / replace / delete, the controllers' roll-out order with
 * the gates between them, and flags for changes that replace a seed's address, the core host, or
 * more than one controller at a time. Markdown for a pull-request comment, or --json.
 * Both configs run through the program under the same mock runtime as `npm run check`.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatIssues } from "../components/config/errors";
import { StackFileError } from "../components/config/stackFile";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { planMarkdown, planJson, type ChangePlan } from "./changes/planReport";
import { resourceChanges } from "./changes/resourceChanges";
import { planFlags, rollout } from "./changes/rollout";
import { loadStack, PROJECT_ROOT, resolveStackFile, type LoadedStack } from "./loadStack";
import { checkProgram, ProgramError } from "./offline/checkProgram";
import { phase } from "./progress";

const FLAGS = { values: ["--stack", "--config-file", "--against"], switches: ["--json"] };

export const HELP: CommandHelp = {
  usage: "npm run plan --",
  summary: "What a config change does to the cluster, offline: per resource create/update/replace/delete, the controllers' roll-out order with the gates between them, and flags for a replaced seed address, core host, or several controllers at once. Markdown for a pull-request comment.",
  flags: {
    "--stack": "the stack: stacks/Pulumi.<value>.yaml as in the working tree (the new config)",
    "--config-file": "the new config at any path instead of --stack",
    "--against": "the old config: a git ref (the same stack file at that commit, e.g. origin/main) or a config file",
    "--json": "print JSON only (on stdout), for jq",
  },
  exitCodes: { 0: "planned, nothing flagged", 1: "planned, at least one flagged change (seed address, core host, controllers at once)", 2: "invalid config, stack file, git ref or arguments" },
};

/** The old config: a file as given, or the new stack file's content at a git ref (written to a temp file of the same name). */
function againstFile(against: string, newFile: string): { file: string; cleanup?: () => void } {
  if (fs.existsSync(against) && fs.statSync(against).isFile()) return { file: path.resolve(against) };
  if (against.startsWith("-")) throw new UsageError(`--against ${JSON.stringify(against)}: expected a git ref or a config file`);
  let text: string;
  try {
    // `<rev>:./<file>` is relative to git's working directory: the stack file's folder.
    text = execFileSync("git", ["show", `${against}:./${path.basename(newFile)}`], { cwd: path.dirname(newFile), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const detail = String((e as { stderr?: unknown }).stderr ?? "").trim().split("\n")[0];
    throw new UsageError(`--against ${against}: not a file, and git has no ${path.relative(PROJECT_ROOT, newFile)} at that ref (${detail || "git failed"})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openwhisk-plan-"));
  const file = path.join(dir, path.basename(newFile));
  fs.writeFileSync(file, text);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function issuesOf(loaded: LoadedStack, label: string): string | undefined {
  return loaded.issues ? `${label}:\n${formatIssues(loaded.issues, loaded.file.path)}` : undefined;
}

export async function main(argv: string[]): Promise<number> {
  let cleanup: (() => void) | undefined;
  try {
    if (printHelpIfAsked(argv, HELP, FLAGS)) return 0;
    const { values, switches } = parseFlags(argv, FLAGS);
    if (!values["--against"]) throw new UsageError("give --against <git ref | config file>: the config to compare with");
    const quiet = switches.has("--json");
    const newFile = resolveStackFile(values, "local");
    const old = againstFile(values["--against"], newFile);
    cleanup = old.cleanup;
    const after = loadStack(newFile);
    const before = loadStack(old.file);
    const problems = [issuesOf(before, `the config --against ${values["--against"]}`), issuesOf(after, "the new config")].filter(Boolean);
    if (problems.length || !after.config || !before.config) {
      process.stderr.write(problems.join("\n") + "\n");
      return 2;
    }
    const stack = after.file.stack;
    const program = path.join(PROJECT_ROOT, "program");
    // Both under the new stack's name: URNs carry it, and the plan compares by URN.
    const oldRun = await phase(quiet, `plan: running the program with the config at ${values["--against"]}`, () => checkProgram({ project: "openwhisk", stack, config: before.file.config, program }));
    const newRun = await phase(quiet, "plan: running the program with the new config", () => checkProgram({ project: "openwhisk", stack, config: after.file.config, program }));
    const changes = await phase(quiet, "plan: comparing", async () => resourceChanges(oldRun.preview.resources, newRun.preview.resources));
    const plan: ChangePlan = {
      stack,
      against: values["--against"],
      changes,
      rollout: rollout(changes, after.config),
      flags: planFlags(changes, before.config, after.config),
      policy: { ok: newRun.ok, mandatory: [...new Set(newRun.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))].sort() },
    };
    process.stdout.write(switches.has("--json") ? JSON.stringify(planJson(plan), null, 2) + "\n" : planMarkdown(plan));
    return plan.flags.length ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof StackFileError || e instanceof ProgramError) {
      process.stderr.write(`plan: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    cleanup?.();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`plan: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
