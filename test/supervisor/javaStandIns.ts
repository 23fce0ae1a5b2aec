/**
 * Stand-in controller JVMs for the supervisor's tests (standin/StandInCluster.java: NOT Akka, an MBean
 * with the ObjectName, attributes and operations ClusterJmx.scala declares), started with the JMX
 * remote flags the stack renders for controllers (components/plan/jmx.ts jmxOpts: authentication on,
 * password and access files, JMX port and RMI port pinned), bound to loopback only.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { jmxOpts, JMX_FILES_DIR } from "../../components/plan/jmx";

export const ROOT = resolve(__dirname, "../..");

/** Compiles Java sources with javac --release <release> (default 11) into a fresh directory. */
export function compileJava(sources: string[], release = "11"): string {
  const out = mkdtempSync(join(tmpdir(), "ow-sv-classes-"));
  const r = spawnSync("javac", ["--release", release, "-d", out, ...sources], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`javac failed: ${r.stderr}`);
  return out;
}

export function clientClasses(): string {
  // Java 8 bytecode, as deployed (cli/supervisorGenerate.ts): legacy-2017's controller JVM is JDK 8.
  return compileJava([join(ROOT, "components/supervisor/java/ClusterJmxClient.java")], "8");
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createServer();
    s.once("error", () => ok(false));
    s.listen(port, "127.0.0.1", () => s.close(() => ok(true)));
  });
}

/** A port p with p and p + 1 free on loopback (the JMX port and its RMI port). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = 30000 + Math.floor(Math.random() * 30000);
    if ((await portFree(p)) && (await portFree(p + 1))) return p;
  }
  throw new Error("no free port pair");
}

export interface JmxSecrets {
  dir: string;
  /** The file the stand-in JVM serves (a JVM may rewrite it: recent JDKs hash clear-text passwords in place). */
  passwordFile: string;
  accessFile: string;
  /** The client's own copy, as the supervisor gets it from the secret. */
  clientPasswordFile: string;
}

/** The password and access files as the stack renders them (jmxFiles): `<user> <password>`, `<user> readwrite`, mode 600. */
export function jmxSecrets(user: string, password: string): JmxSecrets {
  const dir = mkdtempSync(join(tmpdir(), "ow-sv-jmx-"));
  const passwordFile = join(dir, "jmxremote.password");
  const accessFile = join(dir, "jmxremote.access");
  writeFileSync(passwordFile, `${user} ${password}\n`);
  writeFileSync(accessFile, `${user} readwrite\n`);
  const clientPasswordFile = join(dir, "client.password");
  writeFileSync(clientPasswordFile, `${user} ${password}\n`);
  for (const f of [passwordFile, accessFile, clientPasswordFile]) chmodSync(f, 0o600);
  return { dir, passwordFile, accessFile, clientPasswordFile };
}

export interface StandIn {
  port: number;
  stateFile: string;
  process: ChildProcess;
  stop(): void;
}

/** Starts one stand-in JVM; resolves once its MBean is registered. */
export async function startStandIn(opts: { classes: string; objectName: string; flavor: string; secrets: JmxSecrets; state: string; dir: string }): Promise<StandIn> {
  const port = await freePortPair();
  const stateFile = join(opts.dir, `state-${port}`);
  writeFileSync(stateFile, opts.state);
  const flags = jmxOpts("127.0.0.1", port)
    .split(" ")
    .map((f) => f.replace(`${JMX_FILES_DIR}/jmxremote.password`, opts.secrets.passwordFile).replace(`${JMX_FILES_DIR}/jmxremote.access`, opts.secrets.accessFile));
  const child = spawn("java", [...flags, "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Xmx64m", "-cp", opts.classes, "StandInCluster", opts.objectName, stateFile, opts.flavor], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((ok, fail) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`stand-in did not start: ${err}`)), 30_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      if (out.includes("READY")) {
        clearTimeout(timer);
        ok();
      }
    });
    child.stderr!.on("data", (d) => (err += String(d)));
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`stand-in exited ${code}: ${err}`));
    });
  });
  return { port, stateFile, process: child, stop: () => child.kill("SIGKILL") };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
