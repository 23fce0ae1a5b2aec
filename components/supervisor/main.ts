/**
 * The supervisor's entry point in its container: `node /opt/openwhisk-supervisor/main.js`. Reads
 * OW_SUPERVISOR, then every `intervalMs` runs one round (supervisorRound.ts) with the real I/O:
 * JMX through the project's Java client in the controller image's JVM (a short-lived container on the
 * controllers' network, started through the engine), fencing through the Docker engine (docker) or
 * the EC2 API (aws), the lease and the published status in a host directory (docker) or SSM (aws).
 * Only Node.js built-ins and the files next to it (the AWS SDK on aws, see ec2Fence.ts).
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { gunzipSync } from "node:zlib";
import type { ControllerRef, DecisionState } from "./decision";
import { fileLease } from "./deciderLease";
import { DockerEngine } from "./dockerEngine";
import { JmxClient, type JavaRunner } from "./jmxClient";
import { CLIENT_CLASSES } from "./clientClasses";
import type { SupervisorRuntimeConfig } from "./runtimeConfig";
import { supervisorRound, type SupervisorIo } from "./supervisorRound";

/** The JMX client run in the controller image's JVM: the class files are put into a fresh container, which runs on the controllers' network. */
export function engineJava(engine: DockerEngine, cfg: SupervisorRuntimeConfig): JavaRunner {
  return async (args) => {
    const files = [
      ...Object.entries(CLIENT_CLASSES).map(([path, b64]) => ({ path, content: gunzipSync(Buffer.from(b64, "base64")) })),
      { path: "jmx.password", content: readFileSync(cfg.jmx.passwordFile), mode: 0o600 },
    ];
    return engine.runOnce({
      image: cfg.jmx.image,
      cmd: ["java", "-Dow.jmx.timeoutSeconds=5", "-Dsun.rmi.transport.tcp.responseTimeout=5000", "-cp", "/tmp/ow-jmx", "ClusterJmxClient", ...args],
      env: ["JMX_PASSWORD_FILE=/tmp/ow-jmx/jmx.password"],
      network: cfg.jmx.network,
      files,
      dir: "/tmp/ow-jmx",
      timeoutMs: 60_000,
    });
  };
}

export function dockerIo(cfg: SupervisorRuntimeConfig, engine = new DockerEngine(), jmx = new JmxClient(engineJava(engine, cfg), cfg.objectName), me = hostname()): SupervisorIo {
  const byIndex = new Map(cfg.controllers.map((c) => [c.index, c]));
  const jmxOf = (c: ControllerRef) => byIndex.get(c.index)!.jmx;
  const containerOf = (c: ControllerRef) => byIndex.get(c.index)!.container;
  return {
    now: () => Date.now(),
    readView: (c) => jmx.readView(jmxOf(c)),
    infra: (c) => engine.state(containerOf(c)),
    fence: (c) => engine.stop(containerOf(c), 10, cfg.fenceTimeoutMs),
    start: (c) => engine.start(containerOf(c)),
    down: (through, address) => jmx.down(jmxOf(through), address),
    join: (node, address) => jmx.join(jmxOf(node), address),
    holdsLease: async () => fileLease(cfg.leaseFile!, me, Date.now(), 3 * cfg.intervalMs + 10_000),
    log: (line) => process.stdout.write(JSON.stringify({ component: "openwhisk-supervisor", ...line }) + "\n"),
    publish: async (status) => {
      const tmp = `${cfg.statusFile}.tmp`;
      writeFileSync(tmp, JSON.stringify(status, null, 2) + "\n");
      renameSync(tmp, cfg.statusFile!);
      process.stdout.write(JSON.stringify({ component: "openwhisk-supervisor", event: "status", ...status }) + "\n");
    },
  };
}

export async function runForever(cfg: SupervisorRuntimeConfig, io: SupervisorIo): Promise<never> {
  const controllers: ControllerRef[] = cfg.controllers.map((c) => ({ index: c.index, name: c.name, address: c.address }));
  let state: DecisionState = {};
  for (;;) {
    const started = Date.now();
    try {
      state = (await supervisorRound(controllers, state, io, { stableAfterMs: cfg.stableAfterMs, rejoinTimeoutMs: cfg.rejoinTimeoutMs })).state;
    } catch (e) {
      io.log({ time: new Date().toISOString(), event: "failure", reason: `round failed, nothing done after the failure: ${(e as Error).message}` });
    }
    await new Promise((ok) => setTimeout(ok, Math.max(0, cfg.intervalMs - (Date.now() - started))));
  }
}

if (require.main === module) {
  const cfg = JSON.parse(process.env.OW_SUPERVISOR ?? "{}") as SupervisorRuntimeConfig;
  if (cfg.target === "aws") {
    let aws: typeof import("./awsIo");
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      aws = require("./awsIo");
    } catch (e) {
      process.stderr.write(`openwhisk-supervisor: on aws the supervisor's image must carry @aws-sdk/client-ec2 and @aws-sdk/client-ssm (controllers.downing.supervisor.image): ${(e as Error).message}\n`);
      process.exit(2);
    }
    void runForever(cfg, aws.awsIo(cfg));
  } else {
    void runForever(cfg, dockerIo(cfg));
  }
}
