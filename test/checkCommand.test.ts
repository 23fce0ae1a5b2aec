/**
 * The checker's contract, through the real command in its own process (each run reloads the
 * program, which needs a plain Node module registry): exit codes, the exact JSON shape, Markdown.
 */
import { POLICIES } from "../policies/pack";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./support/mockRun";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(...args: string[]): Promise<Run> {
  return command("cli/check.ts", ...args);
}

function command(script: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // As the npm scripts run them.
    execFile(process.execPath, ["--expose-gc", "-r", path.join(ROOT, "cli/register.js"), path.join(ROOT, script), ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ow-check-"));
const badConfig = path.join(tmp, "Pulumi.bad.yaml");
fs.writeFileSync(badConfig, fs.readFileSync(path.join(ROOT, "stacks/Pulumi.prod.yaml"), "utf8").replace("    seeds: 3\n", "    seeds: 9\n"));

// All commands start at once: each is a separate process, so they use both cores.
const runs = {
  prod: check("--stack", "prod", "--json"),
  handwritten: check("--program", "test/fixtures/handwrittenProgram.ts", "--json"),
  local: check("--markdown"),
  badConfig: check("--config-file", badConfig, "--json"),
  broken: check("--program", "test/fixtures/brokenProgram.js"),
  missing: check("--program", "test/fixtures/nope.ts"),
  badFlag: check("--stack", "prod", "--yaml"),
  start: command("cli/preview.ts", "--stack", "local"),
};

test("npm start: the local stack's resources, rendered env with secrets redacted, and the policy verdict", async () => {
  const r = await runs.start;
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Offline preview of stack "local" \(docker, pekko\): \d+ resources/);
  expect(r.stdout).toMatch(/\+ docker:index\/container:Container\s+openwhisk-controllers-controller0/);
  expect(r.stdout).toContain('CONFIG_pekko_cluster_seedNodes_0: "pekko://controller-actor-system@controller0:2551"');
  expect(r.stdout).toContain('CONFIG_whisk_controller_password: "[secret]"');
  expect(r.stdout).toMatch(new RegExp(`# policy pack\nPolicy check of stack "local": \\d+ resources, ${POLICIES.length} policies`));
  expect(r.stdout).toContain("Verdict: PASS");
});

test("prod passes: exit 0 and exactly the JSON contract", async () => {
  const r = await runs.prod;
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  expect(Object.keys(json)).toEqual(["stack", "resources", "violations", "ok"]);
  expect(json).toEqual({ stack: "prod", resources: expect.any(Number), violations: [], ok: true });
  expect(json.resources).toBeGreaterThan(50);
});

test("a hand-written program with a mandatory violation: exit 1, the policy named, the resource's URN", async () => {
  const r = await runs.handwritten;
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(json.ok).toBe(false);
  expect(json.stack).toBe("dev");
  expect(json.resources).toBe(4);
  for (const v of json.violations) expect(Object.keys(v)).toEqual(["policy", "enforcementLevel", "resource", "message"]);
  const runc = json.violations.find((v: { policy: string }) => v.policy === "invoker-runc-key");
  expect(runc).toMatchObject({ enforcementLevel: "mandatory", resource: expect.stringMatching(/docker:index\/container:Container::invoker0$/) });
  expect(runc.message).toMatch(/INVOKER_USE_RUNC.*CONFIG_whisk_docker_containerFactory_useRunc=true or CONFIG_whisk_docker_containerFactory_useRunc=false/);
  // Two controllers with automatic downing: an advisory, not a failure on its own.
  expect(json.violations.map((v: { policy: string }) => v.policy).sort()).toEqual(["invoker-runc-key", "invoker-runc-versions", "odd-controller-count"]);
});

test("--markdown prints a PR comment with the verdict and a Mermaid topology", async () => {
  const r = await runs.local;
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^### ✅ OpenWhisk policy check: `local`/);
  expect(r.stdout).toContain("```mermaid\nflowchart LR");
  expect(r.stdout).toMatch(/c0\[\["controller0 \(seed\)<br\/>172\.30\.0\.10/);
  expect(r.stdout).toContain("c0 -. seed .-> c1");
  expect(r.stdout).toMatch(/invoker0<br\/>runc off/);
});

test("invalid config: exit 2 with the key named, nothing on stdout", async () => {
  const r = await runs.badConfig;
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/openwhisk:controllers\.seeds: got 9; expected a seed count from 1 to controllers\.count \(3\)/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("a program that throws, a missing program, an unknown flag: exit 2 with the file or flag named", async () => {
  const broken = await runs.broken;
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/brokenProgram\.js failed in the preview run: cannot read settings\.json/);
  const missing = await runs.missing;
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/--program test\/fixtures\/nope\.ts: no such file/);
  const flag = await runs.badFlag;
  expect(flag.code).toBe(2);
  expect(flag.stderr).toMatch(/unknown argument "--yaml"/);
});
