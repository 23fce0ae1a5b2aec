/**
 * The supervisor's program loads the AWS SDK on aws through NODE_PATH, as the rendered unit runs it
 * (plan/renderSupervisor.ts: NODE_PATH=/var/runtime/node_modules, where AWS's Lambda Node.js images keep
 * SDK v3). The generated program files are written to a directory outside this repository (so no
 * node_modules above them), and main.js's aws loading path runs in a real `node`: with NODE_PATH on a
 * directory holding the SDK (this repository's @aws-sdk packages) it loads the aws I/O; without, it exits
 * 2 naming controllers.downing.supervisor.image.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { programFiles } from "../../components/supervisor/programFiles";
import { SUPERVISOR_NODE_PATH } from "../../components/plan/renderSupervisor";

const work = mkdtempSync(join(tmpdir(), "supervisor-aws-runtime-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = join(work, "opt", "openwhisk-supervisor");
mkdirSync(program, { recursive: true });
for (const f of programFiles("aws")) writeFileSync(join(program, f.containerPath.split("/").pop()!), f.content);
// A stand-in for the image's /var/runtime/node_modules: the SDK packages this repository installed.
const runtimeModules = join(work, "var", "runtime", "node_modules");
mkdirSync(runtimeModules, { recursive: true });
symlinkSync(resolve(__dirname, "../../node_modules/@aws-sdk"), join(runtimeModules, "@aws-sdk"));

/** Runs main.js's aws loading path (not its loop: nothing talks to AWS or the engine). */
function loadAws(env: Record<string, string>) {
  const script = `const io = require(${JSON.stringify(join(program, "main.js"))}).loadAwsIo(); process.stdout.write(typeof io.awsIo);`;
  return spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, cwd: work });
}

test("the rendered NODE_PATH is the Lambda images' runtime modules", () => {
  expect(SUPERVISOR_NODE_PATH).toBe("/var/runtime/node_modules");
});

test("with the SDK on NODE_PATH, main.js loads the aws I/O", () => {
  const r = loadAws({ NODE_PATH: runtimeModules });
  expect({ status: r.status, stdout: r.stdout, missing: r.stderr.includes("must carry") }).toEqual({ status: 0, stdout: "function", missing: false });
});

test("without it, main.js exits 2 naming controllers.downing.supervisor.image and the packages", () => {
  const r = loadAws({});
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("controllers.downing.supervisor.image");
  expect(r.stderr).toContain("@aws-sdk/client-ec2 and @aws-sdk/client-ssm");
});
