/**
 * Issue 14: the roll-out gate's wait and the host's readiness reporter. The reporter runs for real
 * (`sh`, the machine's curl) against a stand-in on 127.0.0.1 that answers the metadata service's
 * token and instance-id requests and the controller's /ping, with stand-ins for `docker logs` (the
 * cluster's join line) and `aws ssm put-parameter` (which records its arguments).
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isReadyFor, readyParameter, readyReportScript, waitForReady } from "../components/plan/readiness";
import { readyGateProvider } from "../components/aws/controllerReadyGate";

describe("the gate's wait (deploying machine)", () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  test("returns as soon as this very instance reports ready; an old report of another instance does not count", async () => {
    const reports = [undefined, "ready i-old 2026-01-01T00:00:00Z", "ready i-new 2026-11-30T01:00:00Z"];
    const c = clock();
    const got = await waitForReady({ controller: "controller1", instanceId: "i-new", timeoutSeconds: 600, read: async () => reports.shift(), ...c });
    expect(got).toBe("ready i-new 2026-11-30T01:00:00Z");
    expect(c.now()).toBe(20_000);
  });

  test("times out with an error naming the controller, the instance, the last report and what to do", async () => {
    const c = clock();
    await expect(waitForReady({ controller: "controller1", instanceId: "i-new", timeoutSeconds: 60, read: async () => "ready i-old x", ...c }))
      .rejects.toThrow(/controller controller1 \(instance i-new\) did not report ready within 60 s .*last report: ready i-old x\)\. The roll-out stops here: no other controller was touched\. .*journalctl -u openwhisk-ready/);
    expect(c.now()).toBe(60_000);
  });

  test("read errors are retried until the timeout", async () => {
    const c = clock();
    let calls = 0;
    await expect(waitForReady({ controller: "c0", instanceId: "i-1", timeoutSeconds: 30, read: async () => { calls++; throw new Error("AccessDenied"); }, ...c })).rejects.toThrow(/not readable: AccessDenied/);
    expect(calls).toBe(4);
  });

  test("a replaced instance makes the gate wait again; nothing else does", async () => {
    const olds = { controller: "c0", instanceId: "i-1", parameter: "/openwhisk/p/ready/c0", region: "eu-west-1", timeoutSeconds: 900 };
    expect((await readyGateProvider.diff!("id", olds, { ...olds }))!.changes).toBe(false);
    expect((await readyGateProvider.diff!("id", olds, { ...olds, instanceId: "i-2" }))!.changes).toBe(true);
    expect(isReadyFor("ready i-2 t", "i-2")).toBe(true);
    expect(isReadyFor("ready i-2", "i-20")).toBe(false);
    expect(readyParameter("prod", "controller1")).toBe("/openwhisk/prod/ready/controller1");
  });
});

describe("the host's readiness reporter, run by sh", () => {
  const dir = mkdtempSync(join(tmpdir(), "ready-"));
  let server: http.Server;
  let port = 0;
  let pingStatus = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.method === "PUT" && req.url === "/latest/api/token") return res.end("token-1");
      if (req.url === "/latest/meta-data/instance-id") return res.end(req.headers["x-aws-ec2-metadata-token"] === "token-1" ? "i-0abc" : "");
      if (req.url === "/ping") { res.statusCode = pingStatus; return res.end("pong"); }
      res.statusCode = 404;
      return res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  function stubs(joined: boolean) {
    const bin = mkdtempSync(join(dir, "bin-"));
    const log = joined ? "Cluster Node [pekko://controller-actor-system@controller1.prod.openwhisk.internal:2551] - Welcome from [pekko://controller-actor-system@controller0.prod.openwhisk.internal:2551]" : "starting";
    writeFileSync(join(bin, "docker"), `#!/bin/sh\n[ "$1" = logs ] && [ "$2" = controller1 ] && echo '${log}'\n`);
    writeFileSync(join(bin, "aws"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${bin}/aws.args'\n`);
    chmodSync(join(bin, "docker"), 0o755);
    chmodSync(join(bin, "aws"), 0o755);
    return bin;
  }

  function run(bin: string, timeout: string) {
    const script = join(dir, "openwhisk-ready");
    writeFileSync(script, readyReportScript({ controller: "controller1", apiPort: port, parameter: "/openwhisk/prod/ready/controller1", region: "eu-west-1", timeoutSeconds: 900 }));
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile("sh", [script], { env: { PATH: `${bin}:${process.env.PATH}`, IMDS_URL: `http://127.0.0.1:${port}`, READY_TIMEOUT: timeout, READY_INTERVAL: "1" }, timeout: 30_000 }, (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout, stderr })));
  }

  test("/ping answers and the join is in the log: reports ready with this instance's id", async () => {
    pingStatus = 200;
    const bin = stubs(true);
    const r = await run(bin, "10");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("reported ready (i-0abc)");
    const args = readFileSync(join(bin, "aws.args"), "utf8").trim().split("\n");
    expect(args.slice(0, 10)).toEqual(["ssm", "put-parameter", "--region", "eu-west-1", "--name", "/openwhisk/prod/ready/controller1", "--type", "String", "--overwrite", "--value"]);
    expect(args[10]).toMatch(/^ready i-0abc \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test("/ping answers but the node has not joined: times out without reporting", async () => {
    pingStatus = 200;
    const bin = stubs(false);
    const r = await run(bin, "2");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("controller1 was not ready within 2 s");
    expect(existsSync(join(bin, "aws.args"))).toBe(false);
  });

  test("/ping does not answer: times out without reporting", async () => {
    pingStatus = 503;
    const bin = stubs(true);
    const r = await run(bin, "2");
    expect(r.code).not.toBe(0);
    expect(existsSync(join(bin, "aws.args"))).toBe(false);
  });
});
