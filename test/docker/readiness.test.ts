/**
 * The host's readiness reporter on a real engine, as rendered for prod's controller1,
 * against a controller stand-in container (busybox httpd answering /ping on the published API port, and
 * printing the cluster's join line only after a while), read through the real `docker logs`. The
 * metadata service and `aws ssm put-parameter` are stand-ins on the test's side.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterSelfAddress, readyParameter, readyReportScript } from "../../components/plan/readiness";

const SELF = clusterSelfAddress("pekko", "controller1", 2551);
import { buildImage, cleanup, must, PREFIX, requireEngine, track } from "./engine";

const dir = mkdtempSync(join(tmpdir(), "owtest-ready-"));
let imds: http.Server;
let imdsPort = 0;

beforeAll(async () => {
  requireEngine();
  imds = http.createServer((req, res) => res.end(req.method === "PUT" ? "t" : "i-0ready"));
  await new Promise<void>((r) => imds.listen(0, "127.0.0.1", r));
  imdsPort = (imds.address() as AddressInfo).port;
});
afterAll(async () => {
  cleanup();
  await new Promise<void>((r) => imds.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function standIn(joinAfterSeconds: number | undefined): { name: string; port: number } {
  const image = buildImage(`${PREFIX}/controller:ready`, {
    "/www/ping": { content: "pong" },
    "/start.sh": {
      content: `#!/bin/sh\nhttpd -p 8080 -h /www\necho "starting"\n${joinAfterSeconds === undefined ? "" : `sleep ${joinAfterSeconds}\necho "[2026-12-03T09:00:00.123Z] [INFO] Cluster Node [${SELF}] - Welcome from [pekko://controller-actor-system@controller0:2551]"\n`}exec sleep 300\n`,
      mode: 0o755,
    },
  }, undefined, []);
  const name = track("containers", `${PREFIX}-controller1-${joinAfterSeconds ?? "never"}`);
  must(["run", "-d", "--name", name, "-p", "127.0.0.1::8080", image, "/start.sh"]);
  const port = Number(must(["port", name, "8080/tcp"]).split(":").pop());
  return { name, port };
}

function report(controller: string, port: number, timeout: string) {
  const bin = mkdtempSync(join(dir, "bin-"));
  writeFileSync(join(bin, "aws"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${bin}/aws.args'\n`);
  chmodSync(join(bin, "aws"), 0o755);
  const script = join(bin, "openwhisk-ready");
  writeFileSync(script, readyReportScript({ controller, apiPort: port, parameter: readyParameter("prod", "controller1"), region: "eu-west-1", timeoutSeconds: 900, self: SELF, mayForm: false, peers: [] }));
  return new Promise<{ code: number; stdout: string; stderr: string; args?: string[] }>((resolve) =>
    execFile("sh", [script], { env: { PATH: `${bin}:${process.env.PATH}`, IMDS_URL: `http://127.0.0.1:${imdsPort}`, READY_TIMEOUT: timeout, READY_INTERVAL: "1" }, timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout, stderr, args: existsSync(join(bin, "aws.args")) ? readFileSync(join(bin, "aws.args"), "utf8").trim().split("\n") : undefined })));
}

test("reports ready only after /ping answers and the join line is in the container's log", async () => {
  const c = standIn(3);
  const started = Date.now();
  const r = await report(c.name, c.port, "30");
  expect(r.code).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  expect(r.args?.slice(-2)[0]).toBe("--value");
  expect(r.args?.at(-1)).toMatch(/^ready i-0ready /);
});

test("times out, reporting nothing, when the node never joins", async () => {
  const c = standIn(undefined);
  const r = await report(c.name, c.port, "3");
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("was not ready within 3 s");
  expect(r.args).toBeUndefined();
});
