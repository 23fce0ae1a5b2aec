/**
 * The supervisor's JMX client for real: stand-in controller JVMs (Debian's openjdk-17; not Akka, see
 * standin/StandInCluster.java) with the stack's own JMX remote flags (authentication on, pinned JMX and
 * RMI ports, loopback). The client reads ClusterStatus, downs and joins through them; a wrong password
 * or an unreachable port is a clear error and invokes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterMBeanName, memberAddress } from "../../components/supervisor/clusterStatus";
import { JmxClient, JmxError, localJava } from "../../components/supervisor/jmxClient";
import { clientClasses, compileJava, freePortPair, jmxSecrets, removeDir, ROOT, startStandIn, type JmxSecrets, type StandIn } from "./javaStandIns";

const A = memberAddress("akka-2.6", "127.0.0.1", 2551);
const B = memberAddress("akka-2.6", "127.0.0.2", 2551);
const C = memberAddress("akka-2.6", "127.0.0.3", 2551);

let standInClasses: string;
let client: string;
let secrets: JmxSecrets;
let wrong: JmxSecrets;
let dir: string;
const started: StandIn[] = [];

beforeAll(() => {
  standInClasses = compileJava([join(ROOT, "test/supervisor/standin/StandInCluster.java")]);
  client = clientClasses();
  secrets = jmxSecrets("jmxuser", "correct-horse-battery");
  wrong = jmxSecrets("jmxuser", "not-the-password");
  dir = mkdtempSync(join(tmpdir(), "ow-sv-state-"));
});

afterAll(() => {
  for (const s of started) s.stop();
  for (const d of [standInClasses, client, secrets.dir, wrong.dir, dir]) if (d) removeDir(d);
});

async function standIn(flavor: "akka-2.5" | "akka-2.6" | "pekko", state: string): Promise<StandIn> {
  const s = await startStandIn({ classes: standInClasses, objectName: clusterMBeanName(flavor), flavor, secrets, state, dir });
  started.push(s);
  return s;
}

const ops = (s: StandIn) => (existsSync(`${s.stateFile}.ops`) ? readFileSync(`${s.stateFile}.ops`, "utf8") : "");

test("the build's ObjectName: akka:type=Cluster on Akka builds, pekko:type=Cluster on Pekko (ClusterJmx.scala clusterMBeanName)", () => {
  expect(["legacy-2017", "akka-2.5", "akka-2.6"].map((f) => clusterMBeanName(f as "akka-2.6"))).toEqual(["akka:type=Cluster", "akka:type=Cluster", "akka:type=Cluster"]);
  expect(clusterMBeanName("pekko")).toBe("pekko:type=Cluster");
  expect([memberAddress("akka-2.5", "h", 1), memberAddress("akka-2.6", "h", 1), memberAddress("pekko", "h", 1)]).toEqual([
    "akka.tcp://controller-actor-system@h:1", "akka://controller-actor-system@h:1", "pekko://controller-actor-system@h:1",
  ]);
});

test("reads ClusterStatus (members with status, self-address, unreachable with observers) and downs through a member", async () => {
  const s = await standIn("akka-2.6", `self ${A}\nmember ${A} Up\nmember ${B} Up\nmember ${C} Up\nunreachable ${C} ${A}\n`);
  const jmx = new JmxClient(localJava(client, secrets.clientPasswordFile), "akka:type=Cluster");
  const view = await jmx.readView(`127.0.0.1:${s.port}`);
  expect(view).toEqual({
    self: A,
    members: [A, B, C].map((address) => ({ address, status: "Up", roles: ["dc-default"] })),
    unreachable: [{ node: C, observedBy: [A] }],
  });
  await jmx.down(`127.0.0.1:${s.port}`, C);
  expect(ops(s)).toBe(`down ${C}\n`);
  expect((await jmx.readView(`127.0.0.1:${s.port}`)).members.find((m) => m.address === C)?.status).toBe("Down");
});

test("joins: a node in no cluster (no members, as ClusterReadView starts) made to join itself", async () => {
  const address = memberAddress("pekko", "127.0.0.1", 2551);
  const s = await standIn("pekko", `self ${address}\n`);
  const jmx = new JmxClient(localJava(client, secrets.clientPasswordFile), "pekko:type=Cluster");
  expect((await jmx.readView(`127.0.0.1:${s.port}`)).members).toEqual([]);
  await jmx.join(`127.0.0.1:${s.port}`, address);
  expect(ops(s)).toBe(`join ${address}\n`);
  expect((await jmx.readView(`127.0.0.1:${s.port}`)).members).toEqual([{ address, status: "Up", roles: ["dc-default"] }]);
});

test("akka-2.5's ClusterStatus has no app-version and parses the same", async () => {
  const a = memberAddress("akka-2.5", "127.0.0.1", 2551);
  const s = await standIn("akka-2.5", `self ${a}\nmember ${a} Up\n`);
  const jmx = new JmxClient(localJava(client, secrets.clientPasswordFile), "akka:type=Cluster");
  expect((await jmx.readView(`127.0.0.1:${s.port}`)).members).toEqual([{ address: a, status: "Up", roles: ["dc-default"] }]);
});

test("a wrong password: a clear authentication error, and nothing is invoked", async () => {
  const s = await standIn("akka-2.6", `self ${A}\nmember ${A} Up\nmember ${B} Up\nunreachable ${B} ${A}\n`);
  const jmx = new JmxClient(localJava(client, wrong.clientPasswordFile), "akka:type=Cluster");
  await expect(jmx.down(`127.0.0.1:${s.port}`, B)).rejects.toThrow(JmxError);
  const e = await jmx.down(`127.0.0.1:${s.port}`, B).catch((x: JmxError) => x);
  expect(e).toMatchObject({ kind: "auth" });
  expect((e as Error).message).toMatch(/authentication failed for user jmxuser \(wrong JMX user or password\)/);
  await expect(jmx.readView(`127.0.0.1:${s.port}`)).rejects.toMatchObject({ kind: "auth" });
  expect(ops(s)).toBe("");
});

test("an unreachable port: a clear connection error, and nothing is invoked", async () => {
  const port = await freePortPair();
  const jmx = new JmxClient(localJava(client, secrets.clientPasswordFile), "akka:type=Cluster");
  const e = await jmx.down(`127.0.0.1:${port}`, B).catch((x: JmxError) => x);
  expect(e).toMatchObject({ kind: "connect" });
  expect((e as Error).message).toMatch(new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}`));
});

test("the other build's ObjectName: a clear MBean error, nothing invoked", async () => {
  const s = await standIn("akka-2.6", `self ${A}\nmember ${A} Up\n`);
  const jmx = new JmxClient(localJava(client, secrets.clientPasswordFile), "pekko:type=Cluster");
  await expect(jmx.down(`127.0.0.1:${s.port}`, A)).rejects.toMatchObject({ kind: "mbean" });
  expect(ops(s)).toBe("");
});

test("the client compiles for Java 8 (legacy-2017's controller JVM, the images' oldest) from the project's own source", () => {
  const out = compileJava([join(ROOT, "components/supervisor/java/ClusterJmxClient.java")], "8");
  try {
    // Class file major version 52 = Java 8 (apache/openwhisk common/scala/Dockerfile at febde0042: Oracle JDK 8u141).
    const bytes = readFileSync(join(out, "ClusterJmxClient.class"));
    expect(bytes.readUInt16BE(6)).toBe(52);
  } finally {
    removeDir(out);
  }
  writeFileSync(join(dir, "unused"), "");
});
