/** The supervisor's I/O on docker: the engine (fencing, the JMX client's JVM), the lease and status files. */
import { randomBytes } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import type { ControllerRef } from "./decision";
import { fileLease } from "./deciderLease";
import { DockerEngine } from "./dockerEngine";
import { engineJava } from "./engineJava";
import { JmxClient } from "./jmxClient";
import type { SupervisorRuntimeConfig } from "./runtimeConfig";
import type { SupervisorIo } from "./supervisorRound";

/**
 * This copy's name as a lease holder. Not the hostname alone: every copy's container has the hostname
 * `supervisor` (plan/renderSupervisor.ts), so two copies would both count as the holder.
 */
export function leaseHolderName(): string {
  return `${hostname()}/${randomBytes(6).toString("hex")}`;
}

export function dockerIo(cfg: SupervisorRuntimeConfig, engine = new DockerEngine(), jmx = new JmxClient(engineJava(engine, cfg), cfg.objectName), me = leaseHolderName()): SupervisorIo {
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

