/**
 * Fencing on the real Docker engine (shared: everything is named with this run's prefix and removed):
 * stand-in controller containers (busybox, not controllers) and stand-in JVMs for their cluster MBeans
 * (standin/StandInCluster.java, not Akka). The supervisor's real docker I/O (main.ts dockerIo: the
 * engine API over the unix socket, the JMX client, the lease and status files) stops the unreachable
 * controller's container, waits for exited, downs it through another, and starts it again.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memberAddress } from "../../components/supervisor/clusterStatus";
import type { ControllerRef, DecisionState } from "../../components/supervisor/decision";
import { DockerEngine } from "../../components/supervisor/dockerEngine";
import { JmxClient, localJava } from "../../components/supervisor/jmxClient";
import { dockerIo } from "../../components/supervisor/dockerIo";
import type { SupervisorRuntimeConfig } from "../../components/supervisor/runtimeConfig";
import { supervisorRound, type SupervisorLogLine } from "../../components/supervisor/supervisorRound";
import { baseImage, cleanup, must, PREFIX, requireEngine, track } from "../docker/engine";
import { clientClasses, compileJava, jmxSecrets, removeDir, ROOT, startStandIn, type JmxSecrets, type StandIn } from "./javaStandIns";

const engine = new DockerEngine();
let standInClasses: string;
let client: string;
let secrets: JmxSecrets;
let dir: string;
const jvms: StandIn[] = [];

beforeAll(() => {
  requireEngine();
  standInClasses = compileJava([join(ROOT, "test/supervisor/standin/StandInCluster.java")]);
  client = clientClasses();
  secrets = jmxSecrets("jmxuser", "fence-test-password");
  dir = mkdtempSync(join(tmpdir(), "ow-sv-fence-"));
});

afterAll(() => {
  cleanup();
  for (const j of jvms) j.stop();
  for (const d of [standInClasses, client, secrets?.dir, dir]) if (d) removeDir(d);
});

const address = (i: number) => memberAddress("pekko", `controller${i}`, 2551);

function containers(n: number, tag: string): string[] {
  const image = baseImage();
  return Array.from({ length: n }, (_, i) => {
    const name = track("containers", `${PREFIX}-${tag}-controller${i}`);
    must(["run", "-d", "--name", name, "--restart", "always", image, "sleep", "3600"]);
    return name;
  });
}

async function setUp(n: number, tag: string, views: Array<string | undefined>) {
  const names = containers(n, tag);
  const ports: number[] = [];
  const standIns: Array<StandIn | undefined> = [];
  for (const v of views) {
    if (v === undefined) {
      standIns.push(undefined);
      ports.push(1); // nothing listens: unreachable over JMX
      continue;
    }
    const s = await startStandIn({ classes: standInClasses, objectName: "pekko:type=Cluster", flavor: "pekko", secrets, state: v, dir });
    jvms.push(s);
    standIns.push(s);
    ports.push(s.port);
  }
  const cfg: SupervisorRuntimeConfig = {
    target: "docker", objectName: "pekko:type=Cluster", stableAfterMs: 0, intervalMs: 1000, fenceTimeoutMs: 30_000, rejoinTimeoutMs: 60_000,
    controllers: names.map((c, i) => ({ index: i, name: `controller${i}`, address: address(i), jmx: `127.0.0.1:${ports[i]}`, container: c })),
    jmx: { image: "unused", network: "unused", passwordFile: secrets.clientPasswordFile },
    statusFile: join(dir, `${tag}-status.json`), leaseFile: join(dir, `${tag}-lease`),
  };
  const logs: SupervisorLogLine[] = [];
  const io = dockerIo(cfg, engine, new JmxClient(localJava(client, secrets.clientPasswordFile), cfg.objectName), `${PREFIX}-supervisor`);
  const logged = { ...io, log: (l: SupervisorLogLine) => (logs.push(l), io.log(l)) };
  const controllers: ControllerRef[] = cfg.controllers.map((c) => ({ index: c.index, name: c.name, address: c.address }));
  return { names, standIns, cfg, io: logged, logs, controllers };
}

const inspect = (name: string) => JSON.parse(must(["inspect", name]))[0].State as { Status: string; StartedAt: string; FinishedAt: string };
const ops = (s: StandIn) => (existsSync(`${s.stateFile}.ops`) ? readFileSync(`${s.stateFile}.ops`, "utf8") : "");

test("three controllers, controller2 cut off but its container running: stopped, exited, downed through controller0, started again", async () => {
  const majorityView = `self ADDR\nmember ${address(0)} Up\nmember ${address(1)} Up\nmember ${address(2)} Up\nunreachable ${address(2)} OBS\n`;
  const t = await setUp(3, "three", [
    majorityView.replace("ADDR", address(0)).replace("OBS", address(0)),
    majorityView.replace("ADDR", address(1)).replace("OBS", address(1)),
    undefined,
  ]);
  const before = inspect(t.names[2]);
  const othersBefore = [0, 1].map((i) => inspect(t.names[i]).StartedAt);
  expect(before.Status).toBe("running");
  const result = await supervisorRound(t.controllers, {} as DecisionState, t.io, { stableAfterMs: 0 });
  expect(result.done).toEqual([{ op: "fence", target: 2 }, { op: "down", target: 2, through: 0 }, { op: "start", target: 2 }]);
  const after = inspect(t.names[2]);
  // It was stopped (a finish time after the first start) and runs again (a later start).
  expect(after.Status).toBe("running");
  expect(Date.parse(after.FinishedAt)).toBeGreaterThanOrEqual(Date.parse(before.StartedAt));
  expect(Date.parse(after.StartedAt)).toBeGreaterThan(Date.parse(before.StartedAt));
  expect(ops(t.standIns[0]!)).toBe(`down ${address(2)}\n`);
  expect(ops(t.standIns[1]!)).toBe("");
  // The others were never touched.
  expect([0, 1].map((i) => inspect(t.names[i]))).toEqual(othersBefore.map((StartedAt) => expect.objectContaining({ Status: "running", StartedAt })));
  expect(t.logs.map((l) => `${l.event}:${l.decision ?? l.refusal}`)).toEqual(["decision:down", "action:down", "action:start"]);
  const status = JSON.parse(readFileSync(t.cfg.statusFile!, "utf8"));
  expect(status).toMatchObject({ lastDecision: "down controller2 through controller0", unreachable: [address(2)] });
  expect(status.members.map((m: { address: string }) => m.address)).toEqual([0, 1, 2].map(address));
  expect(readFileSync(t.cfg.leaseFile!, "utf8")).toContain(`${PREFIX}-supervisor`);
});

test("two controllers, the unreachable one's container running: refused (not confirmed dead), nothing stopped or downed", async () => {
  const t = await setUp(2, "two", [`self ${address(0)}\nmember ${address(0)} Up\nmember ${address(1)} Up\nunreachable ${address(1)} ${address(0)}\n`, undefined]);
  const before = inspect(t.names[1]);
  const result = await supervisorRound(t.controllers, {}, t.io, { stableAfterMs: 0 });
  expect(result.done).toEqual([]);
  expect(t.logs.map((l) => l.refusal)).toEqual(["not-confirmed-dead"]);
  expect(inspect(t.names[1])).toEqual(before);
  expect(ops(t.standIns[0]!)).toBe("");
});

test("two controllers, the other one's container exited (confirmed dead): downed through the survivor without a stop, then started", async () => {
  const t = await setUp(2, "dead", [`self ${address(0)}\nmember ${address(0)} Up\nmember ${address(1)} Up\nunreachable ${address(1)} ${address(0)}\n`, undefined]);
  must(["stop", "-t", "1", t.names[1]]);
  expect(inspect(t.names[1]).Status).toBe("exited");
  const result = await supervisorRound(t.controllers, {}, t.io, { stableAfterMs: 0 });
  expect(result.done).toEqual([{ op: "down", target: 1, through: 0 }, { op: "start", target: 1 }]);
  expect(inspect(t.names[1]).Status).toBe("running");
  expect(ops(t.standIns[0]!)).toBe(`down ${address(1)}\n`);
});

test("a second copy does not decide while the first holds the lease", async () => {
  const t = await setUp(1, "lease", [`self ${address(0)}\nmember ${address(0)} Up\n`]);
  const other = dockerIo(t.cfg, engine, new JmxClient(localJava(client, secrets.clientPasswordFile), t.cfg.objectName), `${PREFIX}-second-copy`);
  expect(await t.io.holdsLease()).toBe(true);
  const lines: SupervisorLogLine[] = [];
  const result = await supervisorRound(t.controllers, {}, { ...other, log: (l) => lines.push(l) }, { stableAfterMs: 0 });
  expect(result.decision).toEqual({ action: "not-decider" });
  expect(lines.map((l) => l.refusal)).toEqual(["not-decider"]);
});

test("the engine runner's plumbing: files put into a created container before start, exit code and demultiplexed output", async () => {
  const r = await engine.runOnce({ image: baseImage(), cmd: ["sh", "-c", "cat /tmp/ow-jmx/a.txt; echo err >&2; exit 3"], network: "none", files: [{ path: "a.txt", content: Buffer.from("hello from the archive\n") }], dir: "/tmp/ow-jmx", timeoutMs: 30_000 });
  expect(r).toEqual({ code: 3, stdout: "hello from the archive\n", stderr: "err\n" });
});
