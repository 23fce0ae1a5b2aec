/**
 * Seed order when the downing supervisor runs. Akka and Pekko let only the node whose seed list starts
 * with itself form a new cluster on its own (after `seed-node-timeout`): every other node keeps asking
 * the other seeds to let it join (akka `akka-cluster/src/main/scala/akka/cluster/ClusterDaemon.scala`
 * at v2.6.12: `FirstSeedNodeProcess` runs only when `seedNodes.head == selfAddress`, otherwise
 * `JoinSeedNodeProcess`). So with the supervisor on, each controller lists the other seeds first, in
 * index order, and itself (when it is a seed) last: no controller can form a cluster by itself, a
 * controller restarted while the cluster runs joins it, and a cluster forms only when the supervisor,
 * after a verified cold start, makes exactly one controller join itself.
 */
import type { StackConfig } from "../config/schema";
import { seedNodes, type StaticAddress } from "./seedAddresses";

/** True when the stack runs the downing supervisor (manual downing, supervisor enabled). */
export function supervisorEnabled(config: StackConfig): boolean {
  const d = config.controllers.downing;
  return d.mode === "manual" && d.supervisor.enabled;
}

/** The seed nodes of controller `self`, in the order its seed list names them. */
export function seedOrderFor(addresses: StaticAddress[], self: number, supervised: boolean): StaticAddress[] {
  const seeds = seedNodes(addresses);
  if (!supervised) return seeds;
  return [...seeds.filter((a) => a.index !== self), ...seeds.filter((a) => a.index === self)];
}
