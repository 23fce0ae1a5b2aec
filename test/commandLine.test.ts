/**
 * The commands as a user runs them from a shell: `--help` on each, unknown flags, JSON-only stdout
 * through the package's bin, and a reader that closes the pipe early.
 */
import { execFile, spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const COMMANDS: Record<string, string> = {
  render: "cli/render.ts",
  preview: "cli/preview.ts",
  check: "cli/check.ts",
  plan: "cli/plan.ts",
  corpus: "cli/corpus.ts",
  bench: "bench/run.ts",
  "policy:bundle": "cli/bundlePolicyPack.ts",
};

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function node(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--expose-gc", "-r", "./cli/register.js", ...args], { cwd: ROOT, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

// Every command's two runs start at once (separate processes: both cores work).
const runs = Object.fromEntries(Object.entries(COMMANDS).map(([name, script]) => [name, { help: node([script, "--help"]), unknown: node([script, "--no-such-flag"]) }]));

describe("--help on every command", () => {
  test.each(Object.keys(COMMANDS))("%s --help: exit 0, a usage line, one line per flag, the exit codes", async (name) => {
    const help = await runs[name].help;
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    const lines = help.stdout.split("\n");
    expect(lines[0]).toMatch(/^Usage: npm run \S+ -- /);
    const flagsAt = lines.indexOf("Flags:");
    const codesAt = lines.indexOf("Exit codes:");
    expect(flagsAt).toBeGreaterThan(0);
    expect(codesAt).toBeGreaterThan(flagsAt);
    const described = lines.slice(flagsAt + 1, codesAt).filter((l) => l.trim()).map((l) => /^ {2}(--[a-z-]+)/.exec(l)![1]);
    expect(lines.slice(codesAt + 1).filter((l) => l.trim()).every((l) => /^ {2}[0-9] {2}\S/.test(l))).toBe(true);
    expect(lines.slice(codesAt + 1).some((l) => /^ {2}2 /.test(l))).toBe(true);
    // The flags the parser accepts (it lists them when it rejects one) are exactly the flags described.
    const unknown = await runs[name].unknown;
    expect(unknown.status).toBe(2);
    const accepted = [...unknown.stderr.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]).filter((f) => f !== "--no-such-flag");
    expect([...new Set(accepted), "--help"].sort()).toEqual([...described].sort());
    expect(unknown.stdout).toBe("");
  });
});

describe("JSON that pipes", () => {
  test("the package's bin runs check with only JSON on stdout (npx openwhisk-static-cluster check --json | jq)", () => {
    const r = spawnSync(process.execPath, ["cli/bin.js", "check", "--stack", "local", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(r.stderr).toBe("");
  });

  test("the bin names its commands, and an unknown one exits 2", () => {
    const r = spawnSync(process.execPath, ["cli/bin.js", "deploy"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "deploy"/);
    expect(r.stdout).toBe("");
  });

  test.each([["render", "cli/render.ts"], ["check", "cli/check.ts"]])("%s --json into a reader that closes at once: no stack trace, the command's own exit code", (_name, script) => {
    // `true` exits before the command writes: every write meets a closed pipe (EPIPE).
    const r = spawnSync("bash", ["-c", `node --expose-gc -r ./cli/register.js ${script} --stack prod --json | true; exit \${PIPESTATUS[0]}`], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
