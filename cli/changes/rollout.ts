/**
 * The controllers' side of a change: the order `pulumi up` rolls them out in, with the gate between
 * two controllers, and the changes a reviewer must see before merging:
 *   - seed-address: a seed's address (IP, DNS name, port) changes, or a resource holding it is
 *     replaced or deleted. A controller back under a new address is a new cluster member, and the
 *     other members find the cluster through the seeds' addresses.
 *   - core-host: the host (aws) or a container (docker) of ZooKeeper, Kafka, CouchDB or nginx is replaced.
 *   - controllers-at-once: more than one controller goes away at the same time (deletes are not
 *     gated; address resources and shared resources replaced under several controllers).
 */
import type { StackConfig } from "../../components/config/schema";
import { planSeedAddresses, type StaticAddress } from "../../components/plan/seedAddresses";
import type { ChangeAction, ResourceChange } from "./resourceChanges";

export interface RolloutStep {
  controller: string;
  seed: boolean;
  action: ChangeAction;
  /** What the next controller waits for after this one. */
  gate: { kind: "ready-report" | "health-check" | "none"; name?: string; action?: ChangeAction; description: string };
}

export interface PlanFlag {
  kind: "seed-address" | "core-host" | "controllers-at-once";
  message: string;
  resources: string[];
}

const CONTROLLER_CLUSTER = "openwhisk:index:ControllerCluster";
const CORE_SERVICES = "openwhisk:index:CoreServices";
const ADDRESS_COMPONENTS = ["openwhisk:aws:StaticAddresses", "openwhisk:index:DockerStaticAddresses"];
const CONTROLLER_TYPES = ["aws:ec2/instance:Instance", "docker:index/container:Container"];
const GATE_TYPE = "pulumi-nodejs:dynamic/openwhisk:ControllerReadyGate";
const GONE: ChangeAction[] = ["replace", "delete"];

/** The type of a resource's parent component, from its URN's type chain (`parent$child`). */
export function parentType(urn: string): string | undefined {
  const chain = urn.split("::")[2]?.split("$") ?? [];
  return chain.length >= 2 ? chain[chain.length - 2] : undefined;
}

/** The resource name with its parent component's name (and the dash) taken off: `controller0`, `controller0-eni`. */
function localName(c: ResourceChange): string {
  const parentName = c.parent?.split("::").pop() ?? "";
  return parentName && c.name.startsWith(`${parentName}-`) ? c.name.slice(parentName.length + 1) : c.name;
}

const isController = (c: ResourceChange) => parentType(c.urn) === CONTROLLER_CLUSTER && CONTROLLER_TYPES.includes(c.type);

/** The controllers in roll-out order (each depends on the previous one's gate), then those deleted. */
export function rollout(changes: ResourceChange[], config: StackConfig): RolloutStep[] {
  const controllers = changes.filter(isController);
  const gates = changes.filter((c) => c.type === GATE_TYPE);
  const gateOf = (c: ResourceChange) => gates.find((g) => g.dependencies.includes(c.urn) && g.action !== "delete");
  const seeds = new Set(planSeedAddresses(config).filter((a) => a.seed).map((a) => a.name));
  const live = controllers.filter((c) => c.action !== "delete");
  const ordered: ResourceChange[] = [];
  const rest = [...live];
  while (rest.length) {
    const last = ordered[ordered.length - 1];
    const i = last ? rest.findIndex((c) => c.dependencies.includes(last.urn) || (gateOf(last) && c.dependencies.includes(gateOf(last)!.urn))) : rest.findIndex((c) => !live.some((o) => o !== c && (c.dependencies.includes(o.urn) || (gateOf(o) && c.dependencies.includes(gateOf(o)!.urn)))));
    ordered.push(...rest.splice(i < 0 ? 0 : i, 1));
  }
  const steps: RolloutStep[] = ordered.map((c) => {
    const name = localName(c);
    const gate = gateOf(c);
    return {
      controller: name,
      seed: seeds.has(name),
      action: c.action,
      gate: gate
        ? { kind: "ready-report", name: gate.name, action: gate.action, description: `waits until ${name}'s host reports ready (its /ping answers and it joined the cluster)` }
        : c.type === "docker:index/container:Container"
          ? { kind: "health-check", description: `waits until ${name}'s container is healthy (/ping)` }
          : { kind: "none", description: "no gate" },
    };
  });
  for (const c of controllers.filter((x) => x.action === "delete")) {
    steps.push({ controller: localName(c), seed: false, action: "delete", gate: { kind: "none", description: "deleted at the end of the update, with every other delete (not gated)" } });
  }
  return steps;
}

function addressChanged(a: StaticAddress, b: StaticAddress): boolean {
  return a.privateIp !== b.privateIp || a.dnsName !== b.dnsName || a.host !== b.host || a.port !== b.port;
}

export function planFlags(changes: ResourceChange[], before: StackConfig, after: StackConfig): PlanFlag[] {
  const flags: PlanFlag[] = [];
  const oldSeeds = planSeedAddresses(before).filter((a) => a.seed);
  const newAddresses = planSeedAddresses(after);
  const addressResources = changes.filter((c) => ADDRESS_COMPONENTS.includes(parentType(c.urn) ?? ""));
  const ofController = (name: string) => (c: ResourceChange) => localName(c) === name || localName(c).startsWith(`${name}-`);

  for (const seed of oldSeeds) {
    const now = newAddresses.find((a) => a.name === seed.name);
    if (!now) flags.push({ kind: "seed-address", message: `seed ${seed.name} (${seed.host}:${seed.port}) is removed`, resources: [] });
    else if (addressChanged(seed, now)) {
      flags.push({ kind: "seed-address", message: `seed ${seed.name}'s address changes: ${seed.privateIp} ${seed.dnsName}:${seed.port} -> ${now.privateIp} ${now.dnsName}:${now.port}`, resources: [] });
    } else if (!now.seed) flags.push({ kind: "seed-address", message: `${seed.name} is no longer a seed: every controller's seed list changes`, resources: [] });
    const gone = addressResources.filter(ofController(seed.name)).filter((c) => GONE.includes(c.action));
    if (gone.length) {
      flags.push({ kind: "seed-address", message: `seed ${seed.name}'s address resources are ${gone.map((c) => `${c.action === "replace" ? "replaced" : "deleted"} (${c.type.split(":").pop()} ${c.name})`).join(", ")}`, resources: gone.map((c) => c.urn) });
    }
  }

  const core = changes.filter((c) => parentType(c.urn) === CORE_SERVICES && CONTROLLER_TYPES.includes(c.type) && GONE.includes(c.action));
  for (const c of core) {
    const what = c.type === "aws:ec2/instance:Instance" ? `the core host (${c.name}: ZooKeeper, Kafka, CouchDB, nginx)` : `the core service container ${c.name}`;
    flags.push({ kind: "core-host", message: `${what} is ${c.action === "replace" ? `replaced${c.replaceBecause.length ? ` (${c.replaceBecause.join(", ")})` : ""}` : "deleted"}`, resources: [c.urn] });
  }

  const controllers = changes.filter(isController);
  const deleted = controllers.filter((c) => c.action === "delete");
  if (deleted.length > 1) {
    flags.push({ kind: "controllers-at-once", message: `${deleted.length} controllers are deleted together (${deleted.map(localName).join(", ")}): deletes run at the end of the update, not gated`, resources: deleted.map((c) => c.urn) });
  }
  // Every controller either config has, whether or not its instance or container changes.
  const names = [...new Set([...planSeedAddresses(before), ...newAddresses].map((a) => a.name))];
  const addressGone = names.filter((n) => addressResources.filter(ofController(n)).some((c) => GONE.includes(c.action)));
  if (addressGone.length > 1) {
    flags.push({ kind: "controllers-at-once", message: `the address resources of ${addressGone.length} controllers (${addressGone.join(", ")}) are replaced or deleted at once: these are not gated`, resources: addressResources.filter((c) => GONE.includes(c.action)).map((c) => c.urn) });
  }
  const byCause = new Map<string, string[]>();
  for (const c of controllers) for (const cause of c.causedBy) byCause.set(cause, [...(byCause.get(cause) ?? []), localName(c)]);
  for (const [cause, hit] of byCause) {
    const causeChange = changes.find((c) => c.urn === cause);
    if (hit.length > 1 && causeChange && !isController(causeChange) && causeChange.type !== GATE_TYPE) {
      flags.push({ kind: "controllers-at-once", message: `${causeChange.name} is replaced and ${hit.length} controllers (${hit.join(", ")}) take its new id or address at once`, resources: [cause] });
    }
  }
  return flags;
}
