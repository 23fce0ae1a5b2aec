/**
 * `npm run corpus [-- --dir <dir>]`: runs every program of the team-written corpus (test/corpus/)
 * through the real offline checker, `npm run check -- --program <file> --json`, one process each, and
 * compares the mandatory policies found with the exact set each program's header expects. Prints the
 * verdicts per family; exit 0 when every verdict and policy set is right, 1 otherwise.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseFlags, printHelpIfAsked, UsageError, type CommandHelp } from "./args";
import { PROJECT_ROOT } from "./loadStack";
import { counter } from "./progress";

const FLAGS = { values: ["--dir"], switches: ["--json"] };

export const HELP: CommandHelp = {
  usage: "npm run corpus --",
  summary: "Checks every program of the team-written corpus with npm run check -- --program <file> --json and compares the mandatory policies found with each program's header.",
  flags: { "--dir": "the corpus directory (default test/corpus)", "--json": "print JSON only (on stdout): every program's expected and found policies; no progress" },
  exitCodes: { 0: "every verdict and policy set is right", 1: "at least one program got a wrong verdict or policy set", 2: "invalid arguments, a program without its header, or a check that failed to run" },
};

interface Outcome {
  file: string;
  family: string;
  expected: string[];
  found: string[];
}

/**
 * A corpus program's header: its family, the exact mandatory policies it must get (`expect: pass` or
 * `expect: reject <policy>, ...`) and, optionally, the stack file it is checked with (`config: <path
 * relative to the program>`, passed as --config-file).
 */
export function corpusHeader(text: string, file: string): { family: string; expected: string[]; config?: string } {
  const family = /^ \* family: (.+)$/m.exec(text)?.[1].trim();
  const expect = /^ \* expect: (pass|reject (.+))$/m.exec(text);
  if (!family || !expect) throw new UsageError(`${file}: needs "family:" and "expect:" lines in its header`);
  const config = /^ \* config: (\S+)$/m.exec(text)?.[1];
  return { family, expected: expect[1] === "pass" ? [] : expect[2].split(",").map((p) => p.trim()).sort(), ...(config ? { config } : {}) };
}

function check(file: string, config?: string): string[] {
  const args = ["--expose-gc", "-r", "./cli/register.js", "cli/check.ts", "--program", file, ...(config ? ["--config-file", path.resolve(path.dirname(file), config)] : []), "--json"];
  const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`check --program ${file} exited ${r.status}: ${r.stderr.trim()}`);
  const json = JSON.parse(r.stdout) as { violations: { policy: string; enforcementLevel: string }[] };
  return [...new Set(json.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy))].sort();
}

export function main(argv: string[]): number {
  if (printHelpIfAsked(argv, HELP, FLAGS)) return 0;
  const { values, switches } = parseFlags(argv, FLAGS);
  const json = switches.has("--json");
  const dir = path.resolve(values["--dir"] ?? path.join(PROJECT_ROOT, "test", "corpus"));
  const outcomes: Outcome[] = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
  // Progress on stderr: a bar on a terminal, else a line per program; none with --json.
  const progress = counter(json, files.length, "corpus: checking");
  for (const file of files) {
    const full = path.join(dir, file);
    const { family, expected, config } = corpusHeader(fs.readFileSync(full, "utf8"), file);
    progress.step(file);
    const found = check(full, config);
    outcomes.push({ file, family, expected, found });
    const ok = found.join() === expected.join();
    if (!json) process.stdout.write(`${ok ? "ok  " : "FAIL"} ${file}: expected ${expected.length ? expected.join(", ") : "pass"}; got ${found.length ? found.join(", ") : "pass"}\n`);
  }
  progress.done();
  const right = outcomes.filter((o) => o.found.join() === o.expected.join()).length;
  if (json) {
    process.stdout.write(JSON.stringify({ programs: outcomes.length, right, outcomes: outcomes.map((o) => ({ ...o, ok: o.found.join() === o.expected.join() })) }, null, 2) + "\n");
    return right === outcomes.length ? 0 : 1;
  }
  const families = [...new Set(outcomes.map((o) => o.family))];
  process.stdout.write("\n| family | programs | should pass | should be rejected | verdicts right | exact policy sets |\n|---|---:|---:|---:|---:|---:|\n");
  for (const f of families) {
    const os = outcomes.filter((o) => o.family === f);
    const verdict = os.filter((o) => (o.found.length === 0) === (o.expected.length === 0)).length;
    const exact = os.filter((o) => o.found.join() === o.expected.join()).length;
    process.stdout.write(`| ${f} | ${os.length} | ${os.filter((o) => !o.expected.length).length} | ${os.filter((o) => o.expected.length).length} | ${verdict}/${os.length} | ${exact}/${os.length} |\n`);
  }
  process.stdout.write(`\n${right} of ${outcomes.length} programs: verdict and exact policy set right\n`);
  return right === outcomes.length ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`corpus: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
