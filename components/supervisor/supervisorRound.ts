/**
 * One round of the supervisor: read, decide (decision.ts), act, log, publish. All I/O goes through
 * `SupervisorIo`, so the same code runs against the real controllers (JMX client, docker engine, EC2)
 * and against the simulated cluster of the model check.
 *
 * Order of a down, never changed: fence (stop the container / instance unless it is already exited or
 * removed; wait until it is), re-read every view and the infrastructure and `confirmDown`, then
 * `down(address)` through a member of the surviving side, then start the fenced controller again on
 * its static address and wait for it to show up Up.
 */
import { hostPort, type ClusterView } from "./clusterStatus";
import { confirmDown, decide, survivingSide, type ControllerRef, type Decision, type DecisionState, type InfraState, type Round } from "./decision";

export interface SupervisorIo {
  now(): number;
  /** Reads one controller's ClusterStatus over JMX; throws with a clear message on any failure. */
  readView(c: ControllerRef): Promise<ClusterView>;
  /** The container's / instance's state. */
  infra(c: ControllerRef): Promise<InfraState>;
  /** Stops the container / instance; resolves once it is exited or removed, rejects on timeout. */
  fence(c: ControllerRef): Promise<void>;
  /** Starts the fenced container / instance again. */
  start(c: ControllerRef): Promise<void>;
  /** Invokes `down(address)` on `through`'s cluster MBean. */
  down(through: ControllerRef, address: string): Promise<void>;
  /** Invokes `join(address)` on `node`'s cluster MBean. */
  join(node: ControllerRef, address: string): Promise<void>;
  /** True while this copy holds the decider lease (renewing it). */
  holdsLease(): Promise<boolean>;
  log(line: SupervisorLogLine): void;
  publish(status: SupervisorStatus): Promise<void>;
}

export interface SupervisorLogLine {
  time: string;
  event: "decision" | "refusal" | "action" | "failure";
  decision?: string;
  refusal?: string;
  target?: string;
  through?: string;
  reason: string;
}

/** What the supervisor publishes after every round (docker: a file and the log; aws: an SSM parameter). */
export interface SupervisorStatus {
  members: Array<{ address: string; status: string }>;
  unreachable: string[];
  /** Controllers the supervisor could not read, with why. */
  unread: Array<{ name: string; error: string }>;
  lastDecision: string;
  lastDecisionAt: string;
}

export interface RoundResult {
  state: DecisionState;
  decision: Decision | { action: "not-decider" };
  /** What was actually done this round. */
  done: Array<{ op: "fence" | "down" | "start" | "join"; target: number; through?: number }>;
}

export async function readRound(controllers: ControllerRef[], io: SupervisorIo): Promise<Round> {
  const readings = await Promise.all(
    controllers.map(async (c) => {
      const [view, infra] = await Promise.all([
        io.readView(c).then((v) => ({ view: v }), (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) })),
        io.infra(c).catch((): InfraState => "unknown"),
      ]);
      return { ...view, infra };
    }),
  );
  return { at: io.now(), readings };
}

function statusOf(controllers: ControllerRef[], round: Round, decision: string, at: number): SupervisorStatus {
  const side = survivingSide(controllers, round);
  const from = side.members.length ? round.readings[side.members[0]].view : controllers.map((c) => round.readings[c.index].view).find((v) => v);
  return {
    members: (from?.members ?? []).map((m) => ({ address: m.address, status: m.status })),
    unreachable: (from?.unreachable ?? []).map((u) => u.node),
    unread: controllers.filter((c) => round.readings[c.index].error).map((c) => ({ name: c.name, error: round.readings[c.index].error! })),
    lastDecision: decision,
    lastDecisionAt: new Date(at).toISOString(),
  };
}

export async function supervisorRound(controllers: ControllerRef[], state: DecisionState, io: SupervisorIo, settings: { stableAfterMs: number; rejoinTimeoutMs?: number }): Promise<RoundResult> {
  const time = () => new Date(io.now()).toISOString();
  const done: RoundResult["done"] = [];
  if (!(await io.holdsLease())) {
    io.log({ time: time(), event: "refusal", refusal: "not-decider", reason: "another supervisor holds the decider lease" });
    return { state, decision: { action: "not-decider" }, done };
  }
  const round = await readRound(controllers, io);
  const { state: next, decision } = decide(controllers, round, state, settings);
  // A restarted controller must show up Up on the surviving side within rejoinTimeout (one line either way).
  if (state.rejoining) {
    const { index, since } = state.rejoining;
    if (survivingSide(controllers, round).members.includes(index)) {
      io.log({ time: time(), event: "action", decision: "rejoined", target: controllers[index].name, reason: `Up again after ${io.now() - since} ms` });
      delete next.rejoining;
    } else if (io.now() - since > (settings.rejoinTimeoutMs ?? 300_000)) {
      io.log({ time: time(), event: "failure", decision: "rejoin", target: controllers[index].name, reason: `not Up again ${io.now() - since} ms after its restart (rejoinTimeout ${settings.rejoinTimeoutMs ?? 300_000} ms): look at its log` });
      delete next.rejoining;
    }
  }
  // A controller we stopped and did not start again (its down failed, or took effect but answered with
  // an error): once it is exited and no readable view lists it any more (removed), start it; while a
  // view still lists it, the decisions above down it again (fence: confirmed) and start it.
  if (state.fenced !== undefined && decision.action !== "down") {
    const f = controllers[state.fenced];
    const infra = round.readings[f.index].infra;
    if (infra === "running") {
      delete next.fenced;
    } else if (infra === "exited" && !round.readings.some((r) => r.view?.members.some((m) => hostPort(m.address) === hostPort(f.address)))) {
      try {
        await io.start(f);
        done.push({ op: "start", target: f.index });
        delete next.fenced;
        next.rejoining = { index: f.index, since: io.now() };
        io.log({ time: time(), event: "action", decision: "start", target: f.name, reason: "fenced, no longer a member: started again" });
      } catch (e) {
        io.log({ time: time(), event: "failure", decision: "start", target: f.name, reason: (e as Error).message });
      }
    }
  }
  let summary = decision.action === "refuse" ? `refuse ${decision.refusal}` : decision.action;
  if (decision.action === "none" || decision.action === "refuse") {
    io.log({ time: time(), event: decision.action === "none" ? "decision" : "refusal", decision: decision.action, ...(decision.action === "refuse" ? { refusal: decision.refusal } : {}), reason: decision.reason });
  } else if (decision.action === "form") {
    const node = controllers[decision.node];
    io.log({ time: time(), event: "decision", decision: "form", target: node.name, reason: decision.reason });
    try {
      await io.join(node, node.address);
      done.push({ op: "join", target: decision.node });
    } catch (e) {
      summary = "form failed";
      io.log({ time: time(), event: "failure", decision: "form", target: node.name, reason: `join failed: ${(e as Error).message}` });
    }
  } else {
    const target = controllers[decision.target];
    const through = controllers[decision.through];
    io.log({ time: time(), event: "decision", decision: "down", target: target.name, through: through.name, reason: `${decision.reason}; fence: ${decision.fence}` });
    summary = `down ${target.name} through ${through.name}`;
    try {
      if (decision.fence === "stop") {
        next.fenced = decision.target;
        await io.fence(target);
        done.push({ op: "fence", target: decision.target });
      }
    } catch (e) {
      io.log({ time: time(), event: "refusal", refusal: "fence-failed", target: target.name, reason: `fence failed, nothing downed: ${(e as Error).message}` });
      await io.publish(statusOf(controllers, round, `refuse fence-failed ${target.name}`, io.now()));
      return { state: next, decision, done };
    }
    const again = await readRound(controllers, io);
    const check = confirmDown(controllers, again, decision.target, decision.through);
    // The fence may take longer than the lease's lifetime (fenceTimeout vs a few intervals): another
    // copy may have taken the lease meanwhile, so hold it again before down (which also renews it).
    if (check.ok && !(await io.holdsLease())) {
      io.log({ time: time(), event: "refusal", refusal: "not-decider", target: target.name, reason: "lease lost during the fence; nothing downed" });
      await io.publish(statusOf(controllers, again, "refuse not-decider", io.now()));
      return { state: next, decision, done };
    }
    if (!check.ok) {
      io.log({ time: time(), event: "refusal", refusal: "recheck-failed", target: target.name, reason: `re-read before down: ${check.reason}; nothing downed` });
      summary = `refuse recheck-failed ${target.name}`;
    } else {
      try {
        await io.down(through, target.address);
        done.push({ op: "down", target: decision.target, through: decision.through });
        io.log({ time: time(), event: "action", decision: "down", target: target.name, through: through.name, reason: `down(${target.address}) sent` });
        next.fenced = decision.target;
        await io.start(target);
        done.push({ op: "start", target: decision.target });
        delete next.fenced;
        next.rejoining = { index: decision.target, since: io.now() };
        io.log({ time: time(), event: "action", decision: "start", target: target.name, reason: "started again on its static address; it rejoins through its seeds" });
      } catch (e) {
        summary = `down ${target.name} failed`;
        io.log({ time: time(), event: "failure", decision: "down", target: target.name, through: through.name, reason: (e as Error).message });
      }
    }
  }
  await io.publish(statusOf(controllers, round, summary, io.now()));
  return { state: next, decision, done };
}
