/**
 * A simulated controller cluster for the model check of the supervisor. Not Akka: it keeps only what
 * the decision depends on, each piece as Akka/Pekko behave (cited):
 * - a member is known by host:port; a restarted node is a new incarnation, and when it joins, the
 *   member with the same host:port and another UID is downed and removed before the new one is let in
 *   (akka `akka-cluster/src/main/scala/akka/cluster/ClusterDaemon.scala` at v2.6.12, the join handler);
 * - a node not in a cluster joins through its seed list: the first reachable seed that is Up in a
 *   cluster; it forms a cluster alone only when its list is [self] or starts with self
 *   (`ClusterDaemon.scala` joinSeedNodes / FirstSeedNodeProcess);
 * - nothing downs an unreachable member by itself (manual downing renders no downing provider); a Down
 *   member is removed by the leader; a member that learns it is Down leaves (its process stops);
 * - a node's view lists every other member it cannot reach (crashed, or across a partition) as unreachable.
 */
import type { ClusterView } from "../../components/supervisor/clusterStatus";
import type { ControllerRef, InfraState } from "../../components/supervisor/decision";
import type { SupervisorIo, SupervisorLogLine } from "../../components/supervisor/supervisorRound";
import { seedOrderFor } from "../../components/plan/supervisedSeeds";
import type { StaticAddress } from "../../components/plan/seedAddresses";

export interface SimNode {
  running: boolean;
  incarnation: number;
  cluster: number | null;
  /** Partition group; nodes (and the supervisor) talk only within their group. */
  group: number;
  /** JMX reads of a slow node time out (the cluster still sees it). */
  slow: boolean;
}

export interface SimCluster {
  id: number;
  members: Map<number, { incarnation: number; status: "Up" | "Down" }>;
}

export type SimEvent =
  | { kind: "crash"; node: number }
  | { kind: "restart"; node: number }
  | { kind: "partition"; groups: number[]; supervisor: number }
  | { kind: "heal" }
  | { kind: "slow"; node: number; on: boolean }
  | { kind: "infraApi"; failing: boolean }
  | { kind: "fenceFails"; on: boolean }
  | { kind: "quiet" };

export class ClusterWorld {
  nodes: SimNode[];
  clusters = new Map<number, SimCluster>();
  supervisorGroup = 0;
  infraFailing = false;
  fenceFails = false;
  time = 0;
  nextCluster = 1;
  violations: string[] = [];
  logs: SupervisorLogLine[] = [];
  /** Every stop the supervisor made, with whether the process was running. */
  stops: Array<{ node: number; wasRunning: boolean; at: number }> = [];
  downs: Array<{ node: number; at: number }> = [];
  readonly controllers: ControllerRef[];
  private readonly addresses: StaticAddress[];

  constructor(readonly n: number) {
    this.nodes = Array.from({ length: n }, () => ({ running: true, incarnation: 1, cluster: null, group: 0, slow: false }));
    this.addresses = Array.from({ length: n }, (_, i) => ({ index: i, name: `controller${i}`, privateIp: `172.30.0.${10 + i}`, dnsName: `controller${i}`, host: `controller${i}`, port: 2551, seed: true }));
    this.controllers = this.addresses.map((a) => ({ index: a.index, name: a.name, address: `pekko://controller-actor-system@${a.host}:${a.port}` }));
  }

  reachable(a: number, b: number): boolean {
    return this.nodes[a].running && this.nodes[b].running && this.nodes[a].group === this.nodes[b].group;
  }

  private memberIsCurrent(cluster: SimCluster, i: number): boolean {
    const m = cluster.members.get(i);
    return !!m && this.nodes[i].running && this.nodes[i].incarnation === m.incarnation && this.nodes[i].cluster === cluster.id;
  }

  view(i: number): ClusterView {
    const self = this.controllers[i].address;
    const node = this.nodes[i];
    if (node.cluster === null) return { self, members: [], unreachable: [] };
    const cluster = this.clusters.get(node.cluster)!;
    const members = [...cluster.members].map(([j, m]) => ({ address: this.controllers[j].address, status: m.status, roles: [] }));
    const unreachable = [...cluster.members]
      .filter(([j]) => j !== i && !(this.memberIsCurrent(cluster, j) && this.reachable(i, j)))
      .map(([j]) => ({ node: this.controllers[j].address, observedBy: [self] }));
    return { self, members, unreachable };
  }

  apply(e: SimEvent): void {
    const node = "node" in e ? this.nodes[e.node] : undefined;
    switch (e.kind) {
      case "crash":
        node!.running = false;
        break;
      case "restart":
        if (!node!.running) this.startNode(e.node);
        break;
      case "partition":
        e.groups.forEach((g, i) => (this.nodes[i].group = g));
        this.supervisorGroup = e.supervisor;
        break;
      case "heal":
        this.nodes.forEach((x) => ((x.group = 0), (x.slow = false)));
        this.supervisorGroup = 0;
        this.infraFailing = false;
        this.fenceFails = false;
        break;
      case "slow":
        node!.slow = e.on;
        break;
      case "infraApi":
        this.infraFailing = e.failing;
        break;
      case "fenceFails":
        this.fenceFails = e.on;
        break;
      case "quiet":
        break;
    }
    this.check();
  }

  private startNode(i: number): void {
    const node = this.nodes[i];
    node.running = true;
    node.incarnation += 1;
    node.cluster = null;
  }

  /** What Akka does between two supervisor rounds. */
  akkaStep(): void {
    // The leader removes Down members; a live member that learns it is Down stops.
    for (const c of this.clusters.values()) {
      for (const [j, m] of [...c.members]) {
        if (m.status !== "Down") continue;
        if (this.memberIsCurrent(c, j)) {
          this.nodes[j].running = false;
        }
        c.members.delete(j);
      }
    }
    // Members removed under a live node (its old incarnation replaced) leave: their process stops, the restart policy starts it again.
    this.nodes.forEach((x, i) => {
      if (x.running && x.cluster !== null && this.clusters.get(x.cluster)?.members.get(i)?.incarnation !== x.incarnation) {
        this.startNode(i);
      }
    });
    // Joins through the seed list.
    this.nodes.forEach((x, i) => {
      if (!x.running || x.cluster !== null) return;
      const seeds = seedOrderFor(this.addresses, i, true).map((a) => a.index);
      if (seeds.length === 1 && seeds[0] === i) return this.form(i);
      for (const s of seeds) {
        if (s === i) {
          if (seeds[0] === i) this.form(i);
          continue;
        }
        const target = this.nodes[s];
        if (!this.reachable(i, s) || target.cluster === null) continue;
        const c = this.clusters.get(target.cluster)!;
        if (!this.memberIsCurrent(c, s) || c.members.get(s)!.status !== "Up") continue;
        c.members.set(i, { incarnation: x.incarnation, status: "Up" });
        x.cluster = c.id;
        return;
      }
    });
    this.check();
  }

  private form(i: number): void {
    const id = this.nextCluster++;
    this.clusters.set(id, { id, members: new Map([[i, { incarnation: this.nodes[i].incarnation, status: "Up" }]]) });
    this.nodes[i].cluster = id;
  }

  /** Clusters with at least one live Up member. */
  liveClusters(): number[] {
    return [...this.clusters.values()].filter((c) => [...c.members].some(([j, m]) => m.status === "Up" && this.memberIsCurrent(c, j))).map((c) => c.id);
  }

  check(): void {
    const live = this.liveClusters();
    if (live.length > 1) this.violations.push(`t=${this.time}: two clusters with Up members: ${live.join(", ")}`);
  }

  io(): SupervisorIo {
    const w = this;
    const readable = (i: number) => w.nodes[i].running && w.nodes[i].group === w.supervisorGroup && !w.nodes[i].slow;
    return {
      now: () => w.time,
      async readView(c) {
        if (!readable(c.index)) throw new Error(`${c.name}: connection refused or timed out`);
        return w.view(c.index);
      },
      async infra(c): Promise<InfraState> {
        if (w.infraFailing) throw new Error("engine unreachable");
        return w.nodes[c.index].running ? "running" : "exited";
      },
      async fence(c) {
        const wasRunning = w.nodes[c.index].running;
        w.stops.push({ node: c.index, wasRunning, at: w.time });
        if (w.n === 2 && wasRunning) w.violations.push(`t=${w.time}: two controllers, and ${c.name} was stopped while running`);
        // Fencing is for the minority: a running controller that reaches a strict majority (itself included) is never stopped.
        const side = w.nodes.filter((_, j) => j === c.index || w.reachable(c.index, j)).length;
        if (wasRunning && 2 * side > w.n) w.violations.push(`t=${w.time}: ${c.name} stopped while on a majority side (${side} of ${w.n})`);
        if (w.fenceFails) throw new Error("stop timed out");
        w.nodes[c.index].running = false;
      },
      async start(c) {
        if (!w.nodes[c.index].running) w.startNode(c.index);
      },
      async down(through, address) {
        const target = w.controllers.findIndex((c) => c.address === address);
        if (target === through.index) w.violations.push(`t=${w.time}: down of ${address} sent through itself`);
        if (!readable(through.index)) throw new Error(`${through.name}: unreachable`);
        if (w.nodes[target].running) w.violations.push(`t=${w.time}: down of ${address} while its process runs`);
        const cluster = w.nodes[through.index].cluster;
        if (cluster === null) throw new Error(`${through.name} is in no cluster`);
        const c = w.clusters.get(cluster)!;
        const m = c.members.get(target);
        if (m) m.status = "Down";
        const downed = [...c.members.values()].filter((x) => x.status === "Down").length;
        if (2 * downed > w.n) w.violations.push(`t=${w.time}: ${downed} of ${w.n} members Down: a majority`);
        w.downs.push({ node: target, at: w.time });
        w.check();
      },
      async join(node, address) {
        if (!readable(node.index)) throw new Error(`${node.name}: unreachable`);
        if (address === node.address && w.nodes[node.index].cluster === null) w.form(node.index);
        w.check();
      },
      async holdsLease() {
        return true;
      },
      log(line) {
        w.logs.push(line);
      },
      async publish() {},
    };
  }
}
