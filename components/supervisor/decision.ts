/**
 * The supervisor's decision core: pure, no I/O, no clock. Each round the orchestration reads every
 * configured controller's cluster view (JMX `ClusterStatus`) and its container's / instance's state,
 * and asks `decide` what to do. The rules are the split-brain resolver's own (Akka
 * `akka-cluster/src/main/scala/akka/cluster/sbr/SplitBrainResolver.scala`, `DowningStrategy.scala` at
 * v2.6.12; Pekko's `cluster/.../sbr/` the same), applied from outside the cluster:
 *
 * - act only after the whole picture has stayed the same for `stableAfter` (sbr `stable-after`);
 * - act only with a strict majority of the CONFIGURED controllers readable, Up, in one cluster and
 *   agreeing on who is unreachable (keep-majority, counted against the configured size so that a
 *   shrunken cluster can never out-vote the absent ones);
 * - never down a majority, never down the member the command is sent through, one target per round;
 * - with two controllers no side is a majority: only confirmed infrastructure death (the container
 *   exited or removed, the instance stopped or terminated) justifies a down, and nothing running is
 *   ever stopped;
 * - fence first: a target whose container / instance still runs is stopped before it is downed
 *   (OpenWhisk renders no downing provider for manual downing, so a downed node alive across a
 *   partition would not stop itself), and the view and the fence are re-checked just before `down`
 *   (`confirmDown`);
 * - cold start: when every configured controller is readable and in no cluster, or confirmed absent,
 *   exactly one (the lowest index readable) is made to join itself; the rendered seed lists name the
 *   others first, so no controller can form a cluster on its own.
 */
import { hostPort, type ClusterView } from "./clusterStatus";

/** One configured controller, as the supervisor knows it. */
export interface ControllerRef {
  index: number;
  name: string;
  /** Its cluster address (memberAddress): scheme://controller-actor-system@host:port. */
  address: string;
}

/** The container's (docker) or instance's (aws) state. Only `exited` and `absent` confirm death. */
export type InfraState = "running" | "exited" | "absent" | "unknown";

export interface Reading {
  /** The view read over JMX; undefined when the read failed (unreachable, timeout, refused, bad password). */
  view?: ClusterView;
  /** Why the read failed. */
  error?: string;
  infra: InfraState;
}

/** One round: a reading per configured controller, by index. */
export interface Round {
  at: number;
  readings: Reading[];
}

export interface DecisionSettings {
  stableAfterMs: number;
}

/** What the core remembers between rounds. */
export interface DecisionState {
  /** The picture seen last, and since when it has not changed. */
  signature?: string;
  stableSince?: number;
  /** The controller made to join itself on a cold start, and when. */
  formed?: { index: number; at: number };
  /** A fenced, downed and restarted controller the orchestration waits to see Up again, since when. */
  rejoining?: { index: number; since: number };
  /**
   * A controller the orchestration stopped and has not started again yet (its down failed, or answered
   * with an error after it took effect). Started once it is exited and no readable view lists it.
   */
  fenced?: number;
}

export type Refusal =
  | "view-not-stable"
  | "no-majority"
  | "views-disagree"
  | "would-down-majority"
  | "not-confirmed-dead"
  | "cold-start-incomplete"
  | "formed-elsewhere";

export type Decision =
  | { action: "none"; reason: string }
  | { action: "refuse"; refusal: Refusal; reason: string }
  /** Fence `target` (stop it unless already exited/absent), then down it through `through`, then start it again. */
  | { action: "down"; target: number; through: number; fence: "stop" | "confirmed"; reason: string }
  /** Make `node` join itself (cold start). */
  | { action: "form"; node: number; reason: string };

const UP = new Set(["Up", "WeaklyUp"]);
const confirmedDead = (s: InfraState) => s === "exited" || s === "absent";

/** What may not change while the view counts as stable: who is readable, members and statuses, unreachable nodes, infra. */
export function signature(controllers: ControllerRef[], round: Round): string {
  return JSON.stringify(
    controllers.map((c) => {
      const r = round.readings[c.index];
      const v = r.view;
      return [
        r.infra,
        v ? [v.members.map((m) => `${hostPort(m.address)}=${m.status}`).sort(), v.unreachable.map((u) => hostPort(u.node)).sort()] : "unread",
      ];
    }),
  );
}

interface Side {
  /** Readable controllers that are Up in their own view, see each other Up and agree on the unreachable set. */
  members: number[];
  /** Configured controllers all of them list as unreachable. */
  unreachable: number[];
  /** Configured controllers all of them list as Down already. */
  down: number[];
}

function indexOf(controllers: ControllerRef[]): Map<string, number> {
  return new Map(controllers.map((c) => [hostPort(c.address)!, c.index]));
}

/** The largest group of readable controllers that form one cluster and agree on who is unreachable. */
export function survivingSide(controllers: ControllerRef[], round: Round): Side {
  const byHostPort = indexOf(controllers);
  const groups = new Map<string, Side>();
  for (const c of controllers) {
    const v = round.readings[c.index].view;
    if (!v) continue;
    const self = v.members.find((m) => hostPort(m.address) === hostPort(c.address));
    if (!self || !UP.has(self.status)) continue;
    const unreachable = [...new Set(v.unreachable.map((u) => byHostPort.get(hostPort(u.node) ?? "")).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
    if (unreachable.includes(c.index)) continue;
    const up = v.members.filter((m) => UP.has(m.status)).map((m) => byHostPort.get(hostPort(m.address) ?? "")).filter((i): i is number => i !== undefined);
    const down = v.members.filter((m) => m.status === "Down").map((m) => byHostPort.get(hostPort(m.address) ?? "")).filter((i): i is number => i !== undefined);
    const reachableUp = up.filter((i) => !unreachable.includes(i)).sort((a, b) => a - b);
    const key = JSON.stringify([unreachable, reachableUp]);
    const g = groups.get(key) ?? { members: [], unreachable, down: [...new Set(down)].sort((a, b) => a - b) };
    g.members.push(c.index);
    g.down = g.down.filter((i) => down.includes(i));
    groups.set(key, g);
  }
  // A group counts only if every one of its members lists every other as Up and reachable (same key means same reachable-Up set).
  let best: Side = { members: [], unreachable: [], down: [] };
  for (const [key, g] of groups) {
    const reachableUp: number[] = JSON.parse(key)[1];
    const consistent = g.members.every((m) => reachableUp.includes(m)) && reachableUp.every((m) => g.members.includes(m) || round.readings[m].view === undefined);
    if (consistent && g.members.length > best.members.length) best = g;
  }
  return best;
}

function inAnyCluster(r: Reading): boolean {
  return !!r.view && r.view.members.length > 0;
}

/** Decides one round. Returns the new state and the decision; never performs anything. */
export function decide(controllers: ControllerRef[], round: Round, state: DecisionState, settings: DecisionSettings): { state: DecisionState; decision: Decision } {
  const n = controllers.length;
  const sig = signature(controllers, round);
  const next: DecisionState = { ...state };
  if (sig !== state.signature) {
    next.signature = sig;
    next.stableSince = round.at;
  }
  const stableFor = round.at - (next.stableSince ?? round.at);
  const readable = controllers.filter((c) => round.readings[c.index].view);

  // Cold start: nobody in a cluster; everyone readable or confirmed absent.
  const anyCluster = controllers.some((c) => inAnyCluster(round.readings[c.index]));
  if (!anyCluster) {
    const missing = controllers.filter((c) => !round.readings[c.index].view && !confirmedDead(round.readings[c.index].infra));
    if (readable.length === 0 || missing.length) {
      return { state: next, decision: { action: "refuse", refusal: "cold-start-incomplete", reason: `no cluster, and ${missing.length ? `${missing.map((c) => c.name).join(", ")} neither readable nor confirmed absent` : "no controller readable"}` } };
    }
    if (stableFor < settings.stableAfterMs) {
      return { state: next, decision: { action: "refuse", refusal: "view-not-stable", reason: `no cluster; waiting until the picture has been stable for ${settings.stableAfterMs} ms (${stableFor} ms so far)` } };
    }
    let node = readable[0].index;
    if (state.formed && !confirmedDead(round.readings[state.formed.index].infra)) {
      // One former only: never a second controller while the first one may still be forming.
      if (!round.readings[state.formed.index].view) {
        return { state: next, decision: { action: "refuse", refusal: "formed-elsewhere", reason: `${controllers[state.formed.index].name} was made to form the cluster and is not confirmed absent` } };
      }
      node = state.formed.index;
    }
    next.formed = { index: node, at: round.at };
    return { state: next, decision: { action: "form", node, reason: `cold start: every controller readable and in no cluster, or confirmed absent; ${controllers[node].name} joins itself` } };
  }
  // A cluster exists: the cold-start marker has done its work once its node is in a cluster.
  if (state.formed && inAnyCluster(round.readings[state.formed.index])) delete next.formed;

  const side = survivingSide(controllers, round);
  const targets = side.unreachable.filter((i) => !side.down.includes(i));
  if (targets.length === 0 && side.members.length > 0 && side.unreachable.length === 0) {
    return { state: next, decision: { action: "none", reason: "no unreachable member" } };
  }
  if (stableFor < settings.stableAfterMs) {
    return { state: next, decision: { action: "refuse", refusal: "view-not-stable", reason: `waiting until the picture has been stable for ${settings.stableAfterMs} ms (${stableFor} ms so far)` } };
  }
  if (side.members.length === 0) {
    return { state: next, decision: { action: "refuse", refusal: "views-disagree", reason: "no readable controllers that are Up and agree on who is unreachable" } };
  }
  if (targets.length === 0) return { state: next, decision: { action: "none", reason: "unreachable members are already Down" } };
  const target = targets[0];
  const through = side.members[0];
  const majority = 2 * side.members.length > n;
  const infra = round.readings[target].infra;
  if (2 * (side.down.length + 1) > n) {
    return { state: next, decision: { action: "refuse", refusal: "would-down-majority", reason: `downing ${controllers[target].name} would leave a majority of the ${n} controllers downed` } };
  }
  if (n === 2) {
    if (!confirmedDead(infra)) {
      return { state: next, decision: { action: "refuse", refusal: "not-confirmed-dead", reason: `two controllers: ${controllers[target].name} is ${infra}, and only a confirmed death (exited or removed) justifies a down` } };
    }
    return { state: next, decision: { action: "down", target, through, fence: "confirmed", reason: `two controllers: ${controllers[target].name} is confirmed ${infra}` } };
  }
  if (!majority) {
    const others = controllers.filter((c) => !side.members.includes(c.index)).map((c) => `${c.name}: ${round.readings[c.index].error ?? "not in agreement"}`);
    return { state: next, decision: { action: "refuse", refusal: "no-majority", reason: `${side.members.length} of ${n} controllers readable and agreeing, a strict majority needs ${Math.floor(n / 2) + 1} (${others.join("; ")})` } };
  }
  return {
    state: next,
    decision: {
      action: "down", target, through, fence: confirmedDead(infra) ? "confirmed" : "stop",
      reason: `${side.members.map((i) => controllers[i].name).join(", ")} (${side.members.length} of ${n}) agree that ${controllers[target].name} is unreachable`,
    },
  };
}

/**
 * Just before `down`, after the fence: re-read the views and the infrastructure; true only when the
 * target is confirmed dead, still unreachable to a side that is still the same kind of majority (or,
 * with two controllers, still the survivor), and `through` is still on that side.
 */
export function confirmDown(controllers: ControllerRef[], round: Round, target: number, through: number): { ok: boolean; reason: string } {
  const n = controllers.length;
  if (!confirmedDead(round.readings[target].infra)) return { ok: false, reason: `${controllers[target].name} is ${round.readings[target].infra}, not exited or removed` };
  const side = survivingSide(controllers, round);
  if (!side.members.includes(through)) return { ok: false, reason: `${controllers[through].name} is no longer Up and agreeing` };
  if (!side.unreachable.includes(target)) return { ok: false, reason: `${controllers[target].name} is no longer listed unreachable` };
  if (side.members.includes(target)) return { ok: false, reason: `${controllers[target].name} is on the surviving side` };
  if (!(2 * side.members.length > n || n === 2)) return { ok: false, reason: "no strict majority any more" };
  if (2 * (side.down.length + 1) > n) return { ok: false, reason: "it would leave a majority downed" };
  return { ok: true, reason: "confirmed" };
}
