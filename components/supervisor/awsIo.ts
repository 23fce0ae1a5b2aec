/**
 * The supervisor's I/O on aws: EC2 fencing (ec2Fence.ts), the decider lease and the published status
 * as SSM parameters, JMX through the controller image's JVM on the supervisor host's engine (main.ts
 * engineJava, host network). Needs the AWS SDK for JavaScript v3 (@aws-sdk/client-ec2,
 * @aws-sdk/client-ssm) in the supervisor's image; main.ts loads this module only on aws and says so
 * when the SDK is missing.
 *
 * Lease: taken with PutParameter Overwrite=false (fails when a lease exists), renewed by its holder,
 * taken over only after it expired (deciderLease.ts leaseAfter); a takeover overwrites and reads back.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { hostname } from "node:os";
import type { ControllerRef } from "./decision";
import { leaseAfter, type Lease } from "./deciderLease";
import { DockerEngine } from "./dockerEngine";
import { Ec2Fence } from "./ec2Fence";
import { JmxClient } from "./jmxClient";
import { engineJava } from "./engineJava";
import type { SupervisorRuntimeConfig } from "./runtimeConfig";
import type { SupervisorIo } from "./supervisorRound";

/** The lease in SSM: whether `me` holds it after this call. */
export async function ssmLease(ssm: SSMClient, name: string, me: string, now: number, ttlMs: number): Promise<boolean> {
  let current: Lease | undefined;
  try {
    const r = await ssm.send(new GetParameterCommand({ Name: name }));
    current = JSON.parse(r.Parameter?.Value ?? "null") ?? undefined;
  } catch (e) {
    if (!(e instanceof ParameterNotFound) && (e as Error).name !== "ParameterNotFound") throw e;
  }
  const verdict = leaseAfter(current, me, now, ttlMs);
  if (!verdict.hold) return false;
  try {
    await ssm.send(new PutParameterCommand({ Name: name, Type: "String", Value: JSON.stringify(verdict.lease), Overwrite: current !== undefined }));
  } catch {
    return false; // another copy took it first
  }
  const back = await ssm.send(new GetParameterCommand({ Name: name }));
  return (JSON.parse(back.Parameter?.Value ?? "null") as Lease | null)?.holder === me;
}

export function awsIo(cfg: SupervisorRuntimeConfig, clients = { ec2: new EC2Client({ region: cfg.region }), ssm: new SSMClient({ region: cfg.region }) }, engine = new DockerEngine(), me = hostname()): SupervisorIo {
  const fence = new Ec2Fence(clients.ec2, cfg.stack!);
  const jmx = new JmxClient(engineJava(engine, cfg), cfg.objectName);
  const byIndex = new Map(cfg.controllers.map((c) => [c.index, c]));
  const of = (c: ControllerRef) => byIndex.get(c.index)!;
  return {
    now: () => Date.now(),
    readView: (c) => jmx.readView(of(c).jmx),
    infra: (c) => fence.state(of(c).container),
    fence: (c) => fence.stop(of(c).container, cfg.fenceTimeoutMs),
    start: (c) => fence.start(of(c).container),
    down: (through, address) => jmx.down(of(through).jmx, address),
    join: (node, address) => jmx.join(of(node).jmx, address),
    holdsLease: () => ssmLease(clients.ssm, cfg.leaseParameter!, me, Date.now(), 3 * cfg.intervalMs + 10_000),
    log: (line) => process.stdout.write(JSON.stringify({ component: "openwhisk-supervisor", ...line }) + "\n"),
    publish: async (status) => {
      await clients.ssm.send(new PutParameterCommand({ Name: cfg.statusParameter!, Type: "String", Value: JSON.stringify(status), Overwrite: true }));
      process.stdout.write(JSON.stringify({ component: "openwhisk-supervisor", event: "status", ...status }) + "\n");
    },
  };
}
