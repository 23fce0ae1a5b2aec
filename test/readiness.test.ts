/**
 * The roll-out gate's wait and the host's readiness reporter. The reporter runs for real
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
import net from "node:net";
import { execFileSync } from "node:child_process";
import { FLAVORS, type Flavor } from "../components/config/flavorNames";
import { clusterSelfAddress, formedLogPattern, isReadyFor, readyParameter, readyReportScript, waitForReady, welcomeLogPattern } from "../components/plan/readiness";
import { readyGateProvider } from "../components/aws/controllerReadyGate";


let ssmValue: string | undefined;
jest.mock("@aws-sdk/client-ssm", () => ({
  SSMClient: class { async send() { return { Parameter: { Value: ssmValue } }; } destroy() {} },
  GetParameterCommand: class { constructor(public input: unknown) {} },
}));

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

  test("a stop/start of the same instance (a new instance type) waits for a report of the new boot", async () => {
    const olds = { controller: "c0", instanceId: "i-1", parameter: "/p", region: "eu-west-1", timeoutSeconds: 900, instanceType: "m6i.large", reported: "ready i-1 2026-01-01T00:00:00Z boot=a joined=welcome" };
    expect((await readyGateProvider.diff!("id", olds, { ...olds, instanceType: "m6i.xlarge" }))!.changes).toBe(true);
    // The wait itself: the old boot's report does not count, the new one does.
    const reports = [olds.reported, olds.reported, "ready i-1 2026-01-01T01:00:00Z boot=b joined=welcome"];
    const c = clock();
    const got = await waitForReady({ controller: "c0", instanceId: "i-1", stale: olds.reported, timeoutSeconds: 600, read: async () => reports.shift(), ...c });
    expect(got).toContain("boot=b");
    expect(c.now()).toBe(20_000);
    // Without the stale report (a replaced instance has a new id anyway) the first report counts.
    expect(isReadyFor(olds.reported, "i-1")).toBe(true);
    expect(isReadyFor(olds.reported, "i-1", olds.reported)).toBe(false);
  });

  test("update (SSM mocked): after a type change the old boot's report is refused; a gate from before types were recorded takes it at once", async () => {
    ssmValue = "ready i-1 2026-01-01T00:00:00Z boot=a joined=welcome";
    const base = { controller: "c0", instanceId: "i-1", parameter: "/p", region: "eu-west-1", timeoutSeconds: 0 };
    await expect(readyGateProvider.update!("id", { ...base, instanceType: "m6i.large", reported: ssmValue }, { ...base, instanceType: "m6i.xlarge" })).rejects.toThrow(/did not report ready within 0 s/);
    await expect(readyGateProvider.update!("id", { ...base, reported: ssmValue }, { ...base, instanceType: "m6i.xlarge" })).resolves.toEqual({ outs: expect.objectContaining({ reported: ssmValue, instanceType: "m6i.xlarge" }) });
    ssmValue = "ready i-1 2026-01-01T01:00:00Z boot=b joined=welcome";
    await expect(readyGateProvider.update!("id", { ...base, instanceType: "m6i.large", reported: "ready i-1 2026-01-01T00:00:00Z boot=a joined=welcome" }, { ...base, instanceType: "m6i.xlarge" })).resolves.toEqual({ outs: expect.objectContaining({ reported: ssmValue }) });
  });

  test("a first seed that formed a separate cluster fails the gate at once, naming the controller", async () => {
    const c = clock();
    await expect(waitForReady({ controller: "controller0", instanceId: "i-9", timeoutSeconds: 600, read: async () => "separate-cluster i-9 2026-01-01T00:00:00Z peer=controller1.x:2551", ...c }))
      .rejects.toThrow(/controller controller0 \(instance i-9\) formed a cluster of its own while other controllers are running/);
    expect(c.now()).toBe(0);
  });
});

describe("the signal matches every build's log format", () => {
  const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";
  const refs = ["febde0042", "refs/tags/1.0.0", "refs/tags/2.0.0", "1fae641"];
  (require("node:fs").existsSync(MIRROR) ? test.each(refs) : test.skip.each(refs))("%s: Akka/Pekko logs through slf4j into logback's [time] [level] %%msg console pattern", (ref) => {
    const show = (path: string) => execFileSync("git", ["-C", MIRROR, "show", `${ref}:${path}`], { encoding: "utf8" });
    expect(show("common/scala/src/main/resources/logback.xml")).toContain("<pattern>[%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}] [%p] %msg%n</pattern>");
    expect(show("common/scala/src/main/resources/logging.conf")).toMatch(/loggers = \["(org\.apache\.pekko|akka)\.event\.slf4j\.Slf4jLogger"\]/);
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

  const TS = "[2026-12-03T09:00:00.123Z]";
  const host = (i: number) => `controller${i}.prod.openwhisk.internal`;
  const self = (flavor: Flavor, i = 1) => clusterSelfAddress(flavor, host(i), 2551);
  /** The cluster daemon's lines as each build prints them through logback's console pattern. */
  const welcome = (flavor: Flavor) => `${TS} [INFO] Cluster Node [${self(flavor)}] - Welcome from [${self(flavor, 0)}]`;
  const formed = (flavor: Flavor) =>
    flavor === "legacy-2017"
      ? `${TS} [INFO] Cluster Node [${self(flavor)}] - Node [${self(flavor)}] is JOINING, roles []` // Akka 2.5.4
      : `${TS} [INFO] Cluster Node [${self(flavor)}] - Node [${self(flavor)}] is JOINING itself (with roles [dc-default]) and forming new cluster`;

  function stubs(log: string) {
    const bin = mkdtempSync(join(dir, "bin-"));
    writeFileSync(join(bin, "controller1.log"), `${TS} [INFO] [#tid_sid_unknown] [Controller] starting\n${log}\n`);
    writeFileSync(join(bin, "docker"), `#!/bin/sh\n[ "$1" = logs ] && [ "$2" = controller1 ] && cat '${bin}/controller1.log'\n`);
    writeFileSync(join(bin, "aws"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${bin}/aws.args'\n`);
    writeFileSync(join(bin, "boot_id"), "b00t-1\n");
    chmodSync(join(bin, "docker"), 0o755);
    chmodSync(join(bin, "aws"), 0o755);
    return bin;
  }

  function run(bin: string, timeout: string, opts: { flavor?: Flavor; mayForm?: boolean; peers?: Array<{ host: string; port: number }> } = {}) {
    const script = join(bin, "openwhisk-ready");
    const flavor = opts.flavor ?? "pekko";
    writeFileSync(script, readyReportScript({
      controller: "controller1", apiPort: port, parameter: "/openwhisk/prod/ready/controller1", region: "eu-west-1", timeoutSeconds: 900,
      self: self(flavor), mayForm: opts.mayForm ?? false, peers: opts.peers ?? [],
    }));
    return new Promise<{ code: number; stdout: string; stderr: string; value?: string }>((resolve) =>
      execFile("sh", [script], { env: { PATH: `${bin}:${process.env.PATH}`, IMDS_URL: `http://127.0.0.1:${port}`, READY_TIMEOUT: timeout, READY_INTERVAL: "1", BOOT_ID_FILE: join(bin, "boot_id") }, timeout: 30_000 }, (e, stdout, stderr) => {
        const args = existsSync(join(bin, "aws.args")) ? readFileSync(join(bin, "aws.args"), "utf8").trim().split("\n") : undefined;
        resolve({ code: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout, stderr, value: args?.at(-1) });
      }));
  }

  test.each(FLAVORS)("%s: the cluster's Welcome line for this node: reports ready with this instance's id and boot", async (flavor) => {
    pingStatus = 200;
    const bin = stubs(welcome(flavor));
    const r = await run(bin, "10", { flavor });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("reported ready (i-0abc, boot b00t-1)");
    const args = readFileSync(join(bin, "aws.args"), "utf8").trim().split("\n");
    expect(args.slice(0, 10)).toEqual(["ssm", "put-parameter", "--region", "eu-west-1", "--name", "/openwhisk/prod/ready/controller1", "--type", "String", "--overwrite", "--value"]);
    expect(args[10]).toMatch(/^ready i-0abc \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ boot=b00t-1 joined=welcome$/);
  });

  test.each(FLAVORS)("%s: a first seed's self-join (Akka 2.5.4's 'is JOINING, roles' included) counts when no other controller is up", async (flavor) => {
    pingStatus = 200;
    const r = await run(stubs(formed(flavor)), "10", { flavor, mayForm: true, peers: [{ host: "127.0.0.1", port: 1 }] });
    expect(r.code).toBe(0);
    expect(r.value).toMatch(/ joined=formed$/);
  });

  test("a self-join of a node that is not the first seed never counts", async () => {
    pingStatus = 200;
    const r = await run(stubs(formed("pekko")), "2", { mayForm: false });
    expect(r.code).not.toBe(0);
    expect(r.value).toBeUndefined();
  });

  test("a first seed that formed a cluster while another controller is up is not ready: reports separate-cluster and stops", async () => {
    pingStatus = 200;
    const peer = net.createServer((s) => s.end());
    await new Promise<void>((r) => peer.listen(0, "127.0.0.1", r));
    const peerPort = (peer.address() as AddressInfo).port;
    try {
      const r = await run(stubs(formed("akka-2.6")), "10", { flavor: "akka-2.6", mayForm: true, peers: [{ host: "127.0.0.1", port: peerPort }] });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`formed a cluster of its own while 127.0.0.1:${peerPort} is up`);
      expect(r.value).toMatch(new RegExp(`^separate-cluster i-0abc \\S+ peer=127\\.0\\.0\\.1:${peerPort}$`));
    } finally {
      await new Promise<void>((r) => peer.close(() => r()));
    }
  });

  test("lines an API client can cause never count: a request's header or id, another node's address, not at the line start", async () => {
    pingStatus = 200;
    const me = self("pekko");
    const forged = [
      // The edge sets X-Request-ID and the controller logs it as the transaction id: still a request log line.
      `${TS} [INFO] [#tid_Cluster Node [${me}] - Welcome from [x]] [BasicHttpService] POST /api/v1/namespaces/_/actions/a`,
      `${TS} [INFO] [#tid_1] [Authenticate] header X: Cluster Node [${me}] - Welcome from [x]`,
      `x${TS} [INFO] Cluster Node [${me}] - Welcome from [${self("pekko", 0)}]`,
      `${TS} [INFO] Cluster Node [${self("pekko", 2)}] - Welcome from [${self("pekko", 0)}]`,
      `${TS} [INFO] Cluster Node [${self("pekko", 0)}] - Node [${me}] is JOINING, roles [dc-default]`,
      `${TS} [WARN] Cluster Node [${me}] - Welcome from [${self("pekko", 0)}]`,
    ].join("\n");
    const r = await run(stubs(forged), "2", { mayForm: true });
    expect(r.code).not.toBe(0);
    expect(r.value).toBeUndefined();
  });

  test("the patterns are ERE literals of this node's address (dots and brackets escaped)", () => {
    const me = self("legacy-2017");
    expect(welcomeLogPattern(me)).toContain("akka\\.tcp://controller-actor-system@controller1\\.prod\\.openwhisk\\.internal:2551\\]");
    const grep = (pattern: string, line: string) => require("node:child_process").spawnSync("grep", ["-Eq", pattern], { input: line }).status;
    expect(grep(welcomeLogPattern(me), welcome("legacy-2017"))).toBe(0);
    expect(grep(welcomeLogPattern(me), welcome("legacy-2017").replace("controller1.prod", "controller1Xprod"))).toBe(1);
    expect(grep(formedLogPattern(me), formed("legacy-2017"))).toBe(0);
  });

  test("/ping does not answer: times out without reporting", async () => {
    pingStatus = 503;
    const bin = stubs(welcome("pekko"));
    const r = await run(bin, "2");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("controller1 was not ready within 2 s");
    expect(existsSync(join(bin, "aws.args"))).toBe(false);
  });
});

describe("the reporter and gate as the prod stack renders them", () => {
  test("only the first seed may form; every controller knows its own address and its peers; the gate follows the instance type", async () => {
    const { hostFile } = require("./support/hostSetup") as typeof import("./support/hostSetup");
    const { ofType, runUnderMocks, stackConfig } = require("./support/mockRun") as typeof import("./support/mockRun");
    const run = await runUnderMocks(stackConfig("prod"), { stack: "prod" });
    const hosts = ofType(run, "aws:ec2/instance:Instance").filter((i) => /^controller\d+$/.test(String((i.inputs.tags as Record<string, string>).Name)));
    expect(hosts.length).toBeGreaterThan(1);
    for (const h of hosts) {
      const name = String((h.inputs.tags as Record<string, string>).Name);
      const script = hostFile(h, "/usr/local/bin/openwhisk-ready");
      expect({ name, mayForm: /^may_form=(\d)$/m.exec(script)?.[1] }).toEqual({ name, mayForm: name === "controller0" ? "1" : "0" });
      expect(script).toContain(`Cluster Node \\[pekko://controller-actor-system@${name}\\.`);
      const peers = /^peers='([^']*)'$/m.exec(script)![1].split(" ");
      expect(peers).toHaveLength(hosts.length - 1);
      expect(peers.some((p) => p.startsWith(`${name}.`))).toBe(false);
    }
    const gates = run.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/openwhisk:ControllerReadyGate");
    for (const g of gates) expect(g.inputs.instanceType).toBeDefined();
  });
});
