/**
 * The cluster MBean's `ClusterStatus` attribute, parsed. Its shape is the JSON that Akka and Pekko
 * build by hand in `ClusterJmx.scala`'s `getClusterStatus` (akka/akka
 * `akka-cluster/src/main/scala/akka/cluster/ClusterJmx.scala` at v2.5.31 and v2.6.12; apache/pekko
 * `cluster/src/main/scala/org/apache/pekko/cluster/ClusterJmx.scala`):
 *
 *   { "members": [ { "address", "roles": [...], "status", "app-version" (2.6 and Pekko only) } ],
 *     "self-address": "...",
 *     "unreachable": [ { "node", "observed-by": [...] } ] }
 *
 * Before a node has joined, `members` is empty (`ClusterReadView.scala` starts from an empty
 * `CurrentClusterState()` and reports the self member as `Removed`). Addresses carry no UID: a member
 * is known by host:port only.
 */
import type { Flavor } from "../config/flavorNames";

export interface ClusterMember {
  address: string;
  status: string;
  roles: string[];
}

export interface ClusterView {
  self: string;
  members: ClusterMember[];
  unreachable: Array<{ node: string; observedBy: string[] }>;
}

/** The MBean's ObjectName: `akka:type=Cluster` on Akka builds, `pekko:type=Cluster` on Pekko (ClusterJmx.scala, clusterMBeanName). */
export function clusterMBeanName(flavor: Flavor): string {
  return flavor === "pekko" ? "pekko:type=Cluster" : "akka:type=Cluster";
}

/**
 * A controller's cluster address as members are listed: `akka.tcp://` on Akka 2.5 classic remoting
 * (legacy-2017 and 1.0.0), `akka://` on Akka 2.6 artery, `pekko://` on Pekko; actor system
 * `controller-actor-system`.
 */
export function memberAddress(flavor: Flavor, host: string, port: number): string {
  const scheme = flavor === "pekko" ? "pekko" : flavor === "akka-2.6" ? "akka" : "akka.tcp";
  return `${scheme}://controller-actor-system@${host}:${port}`;
}

/** host:port of an address (`down` matches nothing else: ClusterJmx parses it with AddressFromURIString). */
export function hostPort(address: string): string | undefined {
  const m = /^[a-z.]+:\/\/[^@/]+@([^:/]+):(\d+)\/?$/.exec(address.trim());
  return m ? `${m[1].toLowerCase()}:${m[2]}` : undefined;
}

export class ClusterStatusError extends Error {
  constructor(message: string) {
    super(`ClusterStatus: ${message}`);
    this.name = "ClusterStatusError";
  }
}

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new ClusterStatusError(`${what} is not a list of strings`);
  return v as string[];
}

/** Parses the attribute's text; throws ClusterStatusError on anything that is not that shape. */
export function parseClusterStatus(text: string): ClusterView {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ClusterStatusError(`not JSON (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== "object") throw new ClusterStatusError("not an object");
  const o = raw as Record<string, unknown>;
  if (typeof o["self-address"] !== "string") throw new ClusterStatusError("no self-address");
  if (!Array.isArray(o.members)) throw new ClusterStatusError("no members list");
  if (!Array.isArray(o.unreachable)) throw new ClusterStatusError("no unreachable list");
  const members = o.members.map((m, i) => {
    const r = m as Record<string, unknown>;
    if (!r || typeof r.address !== "string" || typeof r.status !== "string") throw new ClusterStatusError(`members[${i}] has no address or status`);
    return { address: r.address, status: r.status, roles: stringList(r.roles ?? [], `members[${i}].roles`) };
  });
  const unreachable = o.unreachable.map((u, i) => {
    const r = u as Record<string, unknown>;
    if (!r || typeof r.node !== "string") throw new ClusterStatusError(`unreachable[${i}] has no node`);
    return { node: r.node, observedBy: stringList(r["observed-by"] ?? [], `unreachable[${i}].observed-by`) };
  });
  return { self: o["self-address"] as string, members, unreachable };
}
