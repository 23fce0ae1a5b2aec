/**
 * Model check of the downing supervisor: the real decision core and round (components/supervisor)
 * against a simulated cluster (clusterWorld.ts) with 2, 3 and 5 controllers, explored by fast-check:
 * crashes, restarts, partitions (the supervisor on either side), slow nodes, flapping, a failing
 * engine / EC2 API and failing fences. Rerun a failure with FC_SEED=<seed>.
 */
import fc from "fast-check";
import { supervisorRound } from "../../components/supervisor/supervisorRound";
import type { DecisionState } from "../../components/supervisor/decision";
import { ClusterWorld, type SimEvent } from "./clusterWorld";

const INTERVAL = 5_000;
const STABLE_AFTER = 20_000;
const REJOIN_TIMEOUT = 60_000;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

class Sim {
  world: ClusterWorld;
  state: DecisionState = {};
  constructor(n: number) {
    this.world = new ClusterWorld(n);
  }
  async step(events: SimEvent[] = []): Promise<void> {
    for (const e of events) this.world.apply(e);
    this.world.akkaStep();
    const r = await supervisorRound(this.world.controllers, this.state, this.world.io(), { stableAfterMs: STABLE_AFTER, rejoinTimeoutMs: REJOIN_TIMEOUT });
    this.state = r.state;
    this.world.time += INTERVAL;
  }
  async steps(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.step();
  }
  /** The live cluster's members that are Up and current, and stale entries. */
  liveMembers(): { up: number[]; stale: number[] } {
    const live = this.world.liveClusters();
    if (live.length !== 1) return { up: [], stale: [] };
    const c = this.world.clusters.get(live[0])!;
    const up: number[] = [];
    const stale: number[] = [];
    for (const [j, m] of c.members) {
      const current = this.world.nodes[j].running && this.world.nodes[j].incarnation === m.incarnation && this.world.nodes[j].cluster === c.id;
      if (current && m.status === "Up") up.push(j);
      else if (m.status === "Up") stale.push(j);
    }
    return { up: up.sort(), stale: stale.sort() };
  }
}

function eventArb(n: number): fc.Arbitrary<SimEvent> {
  const node = fc.integer({ min: 0, max: n - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<SimEvent>({ kind: "quiet" }) },
    { weight: 2, arbitrary: node.map((i): SimEvent => ({ kind: "crash", node: i })) },
    { weight: 2, arbitrary: node.map((i): SimEvent => ({ kind: "restart", node: i })) },
    { weight: 2, arbitrary: fc.tuple(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }), fc.integer({ min: 0, max: 1 })).map(([groups, supervisor]): SimEvent => ({ kind: "partition", groups, supervisor })) },
    { weight: 2, arbitrary: fc.constant<SimEvent>({ kind: "heal" }) },
    { weight: 1, arbitrary: fc.tuple(node, fc.boolean()).map(([i, on]): SimEvent => ({ kind: "slow", node: i, on })) },
    { weight: 1, arbitrary: fc.boolean().map((failing): SimEvent => ({ kind: "infraApi", failing })) },
    { weight: 1, arbitrary: fc.boolean().map((on): SimEvent => ({ kind: "fenceFails", on })) },
  );
}

/** Steps of 0 to 2 events; runs of quiet steps in between, so that views can become stable (or flap). */
const scheduleArb = (n: number) => fc.array(fc.array(eventArb(n), { maxLength: 2 }), { minLength: 5, maxLength: 60 });

/** Heal everything and let restart policies bring every controller back; then wait long enough to settle. */
async function healAndSettle(sim: Sim): Promise<void> {
  await sim.step([{ kind: "heal" }, ...sim.world.nodes.map((_, i): SimEvent => ({ kind: "restart", node: i }))]);
  await sim.steps(STABLE_AFTER / INTERVAL + 8);
}

const WITHIN = STABLE_AFTER / INTERVAL + 4; // rounds: stableAfter plus a few intervals

describe.each([2, 3, 5])("%i controllers", (n) => {
  test("safety under any schedule: never two clusters with Up members, never a down of a running controller, never a majority downed, never a down through the target, never a stop of a controller on a majority side; with two controllers nothing running is stopped", async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArb(n), async (schedule) => {
        const sim = new Sim(n);
        for (const events of schedule) await sim.step(events);
        await sim.steps(STABLE_AFTER / INTERVAL + 2);
        expect(sim.world.violations).toEqual([]);
        if (n === 2) {
          // Only confirmed death leads to a down: every down's target was exited before any stop of ours.
          expect(sim.world.stops.filter((s) => s.wasRunning)).toEqual([]);
        }
      }),
      runs(n === 5 ? 150 : 250),
    );
  });

  test("liveness: after any schedule and a heal, one cluster holds every controller; a crashed controller is removed within stableAfter plus a few intervals", async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArb(n), fc.integer({ min: 0, max: n - 1 }), async (schedule, victim) => {
        const sim = new Sim(n);
        for (const events of schedule) await sim.step(events);
        await healAndSettle(sim);
        expect(sim.liveMembers()).toEqual({ up: Array.from({ length: n }, (_, i) => i), stale: [] });
        await sim.step([{ kind: "crash", node: victim }]);
        await sim.steps(WITHIN);
        // Removed (downed by the supervisor, then started again and rejoined as a new incarnation): no stale Up entry.
        expect(sim.liveMembers().stale).toEqual([]);
        expect(sim.world.downs.some((d) => d.node === victim)).toBe(true);
        expect(sim.world.violations).toEqual([]);
      }),
      runs(n === 5 ? 100 : 150),
    );
  });

  test("liveness across a partition: a controller cut off from a majority (the supervisor with the majority) is fenced, downed and started again within stableAfter plus a few intervals (never with two controllers)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: n - 1 }), async (victim) => {
        const sim = new Sim(n);
        await healAndSettle(sim);
        const groups = Array.from({ length: n }, (_, i) => (i === victim ? 1 : 0));
        await sim.step([{ kind: "partition", groups, supervisor: 0 }]);
        await sim.steps(WITHIN);
        expect(sim.world.violations).toEqual([]);
        if (n === 2) {
          expect(sim.world.stops).toEqual([]);
          expect(sim.world.downs).toEqual([]);
          expect(sim.world.logs.some((l) => l.refusal === "not-confirmed-dead")).toBe(true);
        } else {
          expect(sim.world.stops.map((s) => s.node)).toEqual([victim]);
          expect(sim.world.downs.map((d) => d.node)).toEqual([victim]);
          expect(sim.liveMembers().stale).toEqual([]);
        }
      }),
      runs(10),
    );
  });
});

describe("examples", () => {
  test("cold start: exactly one controller is made to join itself, the others join it through their seeds", async () => {
    const sim = new Sim(3);
    await sim.steps(STABLE_AFTER / INTERVAL + 3);
    expect(sim.world.logs.filter((l) => l.decision === "form")).toHaveLength(1);
    expect(sim.world.clusters.size).toBe(1);
    expect(sim.liveMembers()).toEqual({ up: [0, 1, 2], stale: [] });
  });

  test("cold start waits while a controller is neither readable nor confirmed absent", async () => {
    const sim = new Sim(3);
    await sim.step([{ kind: "slow", node: 2, on: true }]);
    await sim.steps(STABLE_AFTER / INTERVAL + 3);
    expect(sim.world.clusters.size).toBe(0);
    expect(sim.world.logs.at(-1)).toMatchObject({ event: "refusal", refusal: "cold-start-incomplete" });
  });

  test("the supervisor on the minority side refuses (no majority) and does nothing", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    await sim.step([{ kind: "partition", groups: [0, 0, 1], supervisor: 1 }]);
    await sim.steps(WITHIN);
    expect(sim.world.stops).toEqual([]);
    expect(sim.world.downs).toEqual([]);
    expect(sim.world.logs.at(-1)).toMatchObject({ event: "refusal", refusal: "no-majority" });
  });

  test("flapping: a view that never stays the same for stableAfter is never acted on", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    for (let i = 0; i < 20; i++) await sim.step([i % 2 ? { kind: "heal" } : { kind: "partition", groups: [0, 0, 1], supervisor: 0 }]);
    expect(sim.world.stops).toEqual([]);
    expect(sim.world.logs.some((l) => l.refusal === "view-not-stable")).toBe(true);
  });

  test("a failed fence downs nothing and says so", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    await sim.step([{ kind: "fenceFails", on: true }, { kind: "partition", groups: [0, 0, 1], supervisor: 0 }]);
    await sim.steps(WITHIN);
    expect(sim.world.downs).toEqual([]);
    expect(sim.world.logs.some((l) => l.refusal === "fence-failed" && l.target === "controller2")).toBe(true);
  });

  test("two controllers: a crashed one (confirmed exited) is downed through the survivor and started again", async () => {
    const sim = new Sim(2);
    await healAndSettle(sim);
    await sim.step([{ kind: "crash", node: 1 }]);
    await sim.steps(WITHIN);
    expect(sim.world.stops).toEqual([]);
    expect(sim.world.downs.map((d) => d.node)).toEqual([1]);
    expect(sim.liveMembers()).toEqual({ up: [0, 1], stale: [] });
  });

  test("a controller its restart policy brings back between the decision and the down is not downed: the re-read before down sees it running", async () => {
    // Docker's restart policy (controllers run with restart: always) may start a crashed controller
    // while a round is under way; only the re-read just before down (confirmDown) can see that.
    const sim = new Sim(2);
    await healAndSettle(sim);
    await sim.step([{ kind: "crash", node: 1 }]);
    const io = sim.world.io();
    let decided = false;
    const racing = {
      ...io,
      log: (line: Parameters<typeof io.log>[0]) => {
        if (line.event === "decision" && line.decision === "down") decided = true;
        io.log(line);
      },
      infra: async (c: Parameters<typeof io.infra>[0]) => {
        if (decided && c.index === 1) sim.world.apply({ kind: "restart", node: 1 });
        return io.infra(c);
      },
    };
    for (let i = 0; i < WITHIN && !decided; i++) {
      sim.world.akkaStep();
      sim.state = (await supervisorRound(sim.world.controllers, sim.state, racing, { stableAfterMs: STABLE_AFTER, rejoinTimeoutMs: REJOIN_TIMEOUT })).state;
      sim.world.time += INTERVAL;
    }
    expect(decided).toBe(true);
    expect(sim.world.violations).toEqual([]);
    expect(sim.world.downs).toEqual([]);
    expect(sim.world.logs.some((l) => l.refusal === "recheck-failed" && l.target === "controller1")).toBe(true);
  });

  test("a lease lost while the fence ran (a fence can outlast the lease) means no down", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    await sim.step([{ kind: "partition", groups: [0, 0, 1], supervisor: 0 }]);
    const io = sim.world.io();
    let fenced = false;
    const slowFence = {
      ...io,
      fence: async (c: Parameters<typeof io.fence>[0]) => {
        await io.fence(c);
        fenced = true; // meanwhile another copy took the expired lease
      },
      holdsLease: async () => !fenced,
    };
    for (let i = 0; i < WITHIN && !fenced; i++) {
      sim.world.akkaStep();
      sim.state = (await supervisorRound(sim.world.controllers, sim.state, slowFence, { stableAfterMs: STABLE_AFTER, rejoinTimeoutMs: REJOIN_TIMEOUT })).state;
      sim.world.time += INTERVAL;
    }
    expect(fenced).toBe(true);
    expect(sim.world.downs).toEqual([]);
    expect(sim.world.logs.some((l) => l.refusal === "not-decider" && l.target === "controller2")).toBe(true);
  });

  test("a down that took effect but answered with an error (the client's timeout) does not leave the fenced controller stopped", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    await sim.step([{ kind: "partition", groups: [0, 0, 1], supervisor: 0 }]);
    const io = sim.world.io();
    let failed = 0;
    const lateAnswer = {
      ...io,
      down: async (through: Parameters<typeof io.down>[0], address: string) => {
        await io.down(through, address);
        if (failed++ === 0) throw new Error("JMX controller0:15000: no answer within 5 s");
      },
    };
    for (let i = 0; i < WITHIN; i++) {
      sim.world.akkaStep();
      sim.state = (await supervisorRound(sim.world.controllers, sim.state, lateAnswer, { stableAfterMs: STABLE_AFTER, rejoinTimeoutMs: REJOIN_TIMEOUT })).state;
      sim.world.time += INTERVAL;
    }
    expect(failed).toBeGreaterThan(0);
    await sim.step([{ kind: "heal" }]);
    await sim.steps(4);
    expect(sim.world.violations).toEqual([]);
    expect(sim.world.nodes[2].running).toBe(true);
    expect(sim.liveMembers()).toEqual({ up: [0, 1, 2], stale: [] });
  });

  test("after the restart it confirms the controller rejoined (one line)", async () => {
    const sim = new Sim(2);
    await healAndSettle(sim);
    await sim.step([{ kind: "crash", node: 1 }]);
    await sim.steps(WITHIN);
    expect(sim.world.logs.filter((l) => l.decision === "rejoined")).toEqual([expect.objectContaining({ event: "action", target: "controller1" })]);
  });

  test("a restarted controller that cannot rejoin (still cut off) is reported once rejoinTimeout has passed", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    await sim.step([{ kind: "partition", groups: [0, 0, 1], supervisor: 0 }]);
    await sim.steps(WITHIN + REJOIN_TIMEOUT / INTERVAL + 2);
    expect(sim.world.logs.filter((l) => l.decision === "rejoin")).toEqual([expect.objectContaining({ event: "failure", target: "controller2" })]);
    expect(sim.world.logs.filter((l) => l.decision === "rejoined")).toEqual([]);
  });

  test("every decision and refusal is one structured log line", async () => {
    const sim = new Sim(3);
    await healAndSettle(sim);
    for (const line of sim.world.logs) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(["time", "event", "reason"]));
      expect(JSON.stringify(line)).not.toContain("\n");
    }
  });
});
