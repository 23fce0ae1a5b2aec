/**
 * The supervisor's side of JMX: runs the project's own Java client (java/ClusterJmxClient.java) in a
 * JVM and reads its one-line answers. Which JVM is the runner's business:
 * - `localJava`: a `java` on this machine (tests; an operator's workstation);
 * - deployed: the controller image's own JVM (Oracle JDK 8 at febde0042, JDK 11 at 1.0.0 / 2.0.0, JRE 21
 *   on master: the client needs only java.management and java.management.rmi, compiled for Java 8), started by the
 *   supervisor next to the controllers on their network; nothing is downloaded at run time.
 * The password never reaches a command line: the client reads the jmxremote.password-format file
 * named by JMX_PASSWORD_FILE.
 */
import { execFile } from "node:child_process";
import { parseClusterStatus, type ClusterView } from "./clusterStatus";

export interface JavaRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ClusterJmxClient <args>` in some JVM, with JMX_PASSWORD_FILE set. */
export type JavaRunner = (args: string[]) => Promise<JavaRun>;

/** A runner for a `java` on this machine, with the client's classes in `classDir`. */
export function localJava(classDir: string, passwordFile: string, opts: { java?: string; timeoutMs?: number } = {}): JavaRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile(
        opts.java ?? "java",
        ["-Dow.jmx.timeoutSeconds=5", "-Dsun.rmi.transport.tcp.responseTimeout=5000", "-cp", classDir, "ClusterJmxClient", ...args],
        { env: { ...process.env, JMX_PASSWORD_FILE: passwordFile }, timeout: opts.timeoutMs ?? 30_000, encoding: "utf8" },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? ((error as unknown as { code: number }).code) : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
}

export type JmxFailureKind = "auth" | "connect" | "mbean" | "other";

export class JmxError extends Error {
  constructor(public readonly kind: JmxFailureKind, public readonly target: string, message: string) {
    super(`JMX ${target}: ${message}`);
    this.name = "JmxError";
  }
}

function answer(run: JavaRun, target: string): string[] {
  const line = run.stdout.split("\n").find((l) => l.split(" ")[1] === target || l.startsWith("ERR - "));
  if (!line) throw new JmxError("other", target, `no answer from the JMX client (exit ${run.code}): ${run.stderr.trim().split("\n")[0] ?? ""}`);
  const words = line.split(" ");
  if (words[0] === "ERR") {
    const kind = (["auth", "connect", "mbean"].includes(words[2]) ? words[2] : "other") as JmxFailureKind;
    throw new JmxError(kind, target, words.slice(3).join(" ") || words.slice(2).join(" "));
  }
  return words;
}

export class JmxClient {
  /**
   * @param run the JVM runner
   * @param objectName the build's cluster MBean (clusterMBeanName)
   */
  constructor(private readonly run: JavaRunner, private readonly objectName: string) {}

  /** Reads ClusterStatus on host:port. */
  async readView(target: string): Promise<ClusterView> {
    const words = answer(await this.run(["read", this.objectName, target]), target);
    if (words[0] !== "OK" || words.length < 3) throw new JmxError("other", target, `unexpected answer ${words[0]}`);
    return parseClusterStatus(Buffer.from(words[2], "base64").toString("utf8"));
  }

  /** Invokes down(address) through host:port. */
  async down(target: string, address: string): Promise<void> {
    await this.operation("down", target, address);
  }

  /** Invokes join(address) on host:port. */
  async join(target: string, address: string): Promise<void> {
    await this.operation("join", target, address);
  }

  private async operation(op: "down" | "join", target: string, address: string): Promise<void> {
    const words = answer(await this.run([op, this.objectName, target, address]), target);
    if (words[0] !== "DONE") throw new JmxError("other", target, `unexpected answer ${words[0]}`);
  }
}
