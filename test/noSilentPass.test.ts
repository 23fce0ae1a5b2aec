/**
 * `check` and `preview` end with a verdict or exit 2 naming the program and its error, never exit 0
 * with nothing said: as Pulumi's Node.js host fails a deployment (`@pulumi/pulumi/cmd/run/run.js`:
 * uncaught exceptions and unhandled rejections are logged as errors; a program that logged an error or
 * exits with runtime promises still active fails, `runtime/debuggable.js`; an exported function is
 * called and awaited). Through the real command, each in its own process.
 */
import { execFile } from "child_process";
import * as path from "path";
import { ROOT } from "./support/mockRun";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function check(...args: string[]): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ["--expose-gc", "-r", path.join(ROOT, "cli/register.js"), path.join(ROOT, "cli/check.ts"), ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr, ms: Date.now() - start }),
    );
  });
}

const failing = (name: string) => path.join("test", "fixtures", "failing", `${name}.ts`);

const runs = {
  throwsInApply: check("--program", failing("throwsInApply"), "--json"),
  unhandled: check("--program", failing("unhandledRejection"), "--json"),
  neverSettles: check("--program", failing("neverSettles"), "--json"),
  keepsRunning: check("--program", failing("keepsRunning"), "--json", "--timeout", "3"),
  logsError: check("--program", failing("logsError"), "--json"),
  asyncExport: check("--program", failing("asyncExportThrows"), "--markdown"),
  ipv6: check("--program", "test/fixtures/ipv6Program.ts", "--json"),
  exitsZero: check("--program", failing("exitsZero"), "--json"),
  rejectedExport: check("--program", failing("rejectedExport"), "--json"),
  badTimeout: check("--program", failing("keepsRunning"), "--timeout", "soon"),
};

function expectFailure(r: Run, program: string, error: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`program ${path.join(ROOT, failing(program))} failed in the`);
  expect(r.stderr).toMatch(error);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

test("a throw inside an apply: exit 2 naming the program and the error (it exited 0 with nothing printed)", async () => {
  expectFailure(await runs.throwsInApply, "throwsInApply", /update run: .*subnet plan has no entry for vpc-/);
});

test("an unhandled rejection: exit 2 naming the program and the error", async () => {
  expectFailure(await runs.unhandled, "unhandledRejection", /inventory\.json: no such file/);
});

test("a program that never settles: exit 2, Pulumi promises still active named", async () => {
  expectFailure(await runs.neverSettles, "neverSettles", /update run: it never settled, \d+ Pulumi promises were still active/);
});

test("a program that keeps the event loop busy and never settles: stopped at --timeout, exit 2", async () => {
  const r = await runs.keepsRunning;
  expectFailure(r, "keepsRunning", /did not finish within 3 s/);
  expect(r.ms).toBeLessThan(30_000);
});

test("pulumi.log.error fails the program as it fails a deployment", async () => {
  expectFailure(await runs.logsError, "logsError", /it logged an error/);
});

test("an exported async program is called and awaited; its rejection is the program's error", async () => {
  expectFailure(await runs.asyncExport, "asyncExportThrows", /lookup of the seed hosts failed/);
});

test("a valid program reading its VPC's Amazon-provided IPv6 block and association id passes (the mock returns them)", async () => {
  const r = await runs.ipv6;
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ resources: 2, ok: true });
});

test("a program that calls process.exit(0) itself: exit 2 naming the program (it exited 0 with nothing printed)", async () => {
  expectFailure(await runs.exitsZero, "exitsZero", /update run: process\.exit\(0\) was called before a verdict/);
});

test("a stack output that is a rejected promise: exit 2 naming the program (it passed)", async () => {
  expectFailure(await runs.rejectedExport, "rejectedExport", /run: seed inventory unreadable/);
});

test("--timeout takes seconds", async () => {
  const r = await runs.badTimeout;
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--timeout "soon": expected a number of seconds/);
});
