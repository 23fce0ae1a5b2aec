/**
 * The supervisor's entry point in its container: `node /opt/openwhisk-supervisor/main.js`. Reads
 * OW_SUPERVISOR, then every `intervalMs` runs one round (supervisorRound.ts) with the real I/O:
 * JMX through the project's Java client in the controller image's JVM (a short-lived container on the
 * controllers' network, started through the engine), fencing through the Docker engine (docker) or
 * the EC2 API (aws), the lease and the published status in a host directory (docker) or SSM (aws).
 * Only Node.js built-ins and the files next to it (the AWS SDK on aws, see ec2Fence.ts).
 */
import type { ControllerRef, DecisionState } from "./decision";
import type { SupervisorRuntimeConfig } from "./runtimeConfig";
import { supervisorRound, type SupervisorIo } from "./supervisorRound";

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

/**
 * The aws I/O module, which needs the AWS SDK for JavaScript v3. Node.js resolves it from node_modules
 * next to the program and above (/opt/node_modules, /node_modules) and then from NODE_PATH, which the
 * rendered unit sets to the Lambda Node.js image's runtime modules (plan/renderSupervisor.ts). Exits 2,
 * naming the config key, when the image has no SDK there.
 */
export function loadAwsIo(): typeof import("./awsIo") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./awsIo");
  } catch (e) {
    process.stderr.write(`openwhisk-supervisor: on aws the supervisor's image must carry @aws-sdk/client-ec2 and @aws-sdk/client-ssm (controllers.downing.supervisor.image; searched node_modules above the program and NODE_PATH=${process.env.NODE_PATH ?? ""}): ${(e as Error).message}\n`);
    process.exit(2);
  }
}

if (require.main === module) {
  const cfg = JSON.parse(process.env.OW_SUPERVISOR ?? "{}") as SupervisorRuntimeConfig;
  if (cfg.target === "aws") {
    void runForever(cfg, loadAwsIo().awsIo(cfg));
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    void runForever(cfg, (require("./dockerIo") as typeof import("./dockerIo")).dockerIo(cfg));
  }
}
