/**
 * Everything the policies read, indexed once per stack: resources by URN, the OpenWhisk nodes,
 * the static-address index and the ingress rules. Stack-level checks look things up here instead
 * of scanning the resource list again, so a check stays linear in the stack's size.
 */
import { readDeclarations } from "./nodeEnv";
import { groupClusters } from "./clusters";
import { envPort, findNodes, isClustered, keysOf, type OpenWhiskNode } from "./openwhiskNodes";
import { groupsOfInstance, readIngressRules, type IngressRule } from "./securityGroups";
import { TYPES } from "./staticAddresses";
import { stackOfUrn, type StackResource } from "./stackResource";
import { indexStaticAddresses, type StaticAddressIndex } from "./staticAddresses";

export interface ClusterModel {
  stack: string;
  /** The URN the stack's own findings are reported against. */
  stackUrn: string;
  resources: StackResource[];
  byUrn: Map<string, StackResource>;
  nodes: OpenWhiskNode[];
  controllers: OpenWhiskNode[];
  /** Controllers that run the cluster actor provider. */
  clustered: OpenWhiskNode[];
  /** The clustered controllers grouped by the cluster they form (policies/model/clusters.ts). */
  clusters: OpenWhiskNode[][];
  /** The cluster a clustered controller belongs to. */
  clusterOf(node: OpenWhiskNode): OpenWhiskNode[];
  invokers: OpenWhiskNode[];
  addresses: StaticAddressIndex;
  ingress: IngressRule[];
  /** Ingress rules per security group URN. */
  ingressByGroup: Map<string, IngressRule[]>;
  /** `openwhisk.environment` declared on any resource (label or tag). */
  environments: Set<string>;
  /**
   * The controller whose static address (IP or DNS name, lower case) this is, if any. A private IP is
   * resolved in the network of `from` first (equal IPs in two isolated VPCs are two addresses). A host
   * that runs several controllers (compose services) answers with the one whose remoting port is `port`.
   */
  controllerAt(host: string, from?: OpenWhiskNode, port?: number): OpenWhiskNode | undefined;
  /** Security group URNs that apply to a node: its own, its interfaces', and those attached to its interfaces. */
  groupsOf(node: OpenWhiskNode): string[];
}

/**
 * Which cluster a controller belongs to: its cluster name and its Kafka (controllers of one cluster share
 * both). Undefined parts are not known.
 */
export function clusterIdentity(node: OpenWhiskNode): { name?: string; kafka?: string } {
  const env = node.env.values;
  const kafka = env.get("KAFKA_HOSTS") ?? (env.has("KAFKA_HOST") ? `${env.get("KAFKA_HOST")}:${env.get("KAFKA_HOST_PORT") ?? ""}` : undefined);
  return {
    name: env.get("CONFIG_whisk_cluster_name")?.trim(),
    kafka: kafka?.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean).sort().join(","),
  };
}

/** Whether two controllers are known to belong to different clusters (a different cluster name or Kafka). */
export function differentClusters(a: OpenWhiskNode, b: OpenWhiskNode): string | undefined {
  const x = clusterIdentity(a);
  const y = clusterIdentity(b);
  if (x.name !== undefined && y.name !== undefined && x.name !== y.name) return `cluster name ${y.name} (not ${x.name})`;
  if (x.kafka && y.kafka && x.kafka !== y.kafka) return `Kafka ${y.kafka} (not ${x.kafka})`;
  return undefined;
}

const cache = new WeakMap<StackResource[], ClusterModel>();

function stackUrnOf(resources: StackResource[]): { stack: string; stackUrn: string } {
  const stackResource = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const any = resources[0]?.urn ?? "urn:pulumi:stack::project::pulumi:pulumi:Stack::stack";
  const stack = stackOfUrn(any) ?? "stack";
  const project = /^urn:pulumi:[^:]+::([^:]+)::/.exec(any)?.[1] ?? "project";
  return { stack, stackUrn: stackResource?.urn ?? `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}` };
}

export function buildClusterModel(resources: StackResource[]): ClusterModel {
  const cached = cache.get(resources);
  if (cached) return cached;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const nodes = findNodes(resources);
  const ingress = readIngressRules(resources);
  const ingressByGroup = new Map<string, IngressRule[]>();
  for (const rule of ingress) {
    for (const g of rule.groups) {
      const list = ingressByGroup.get(g);
      if (list) list.push(rule);
      else ingressByGroup.set(g, [rule]);
    }
  }
  const environments = new Set<string>();
  for (const r of resources) {
    const e = readDeclarations(r).get("openwhisk.environment");
    if (e) environments.add(e);
  }
  const controllers = nodes.filter((n) => n.role === "controller");
  const addresses = indexStaticAddresses(resources, byUrn);
  // One resource may run several controllers (the compose services of one host).
  const controllersByUrn = new Map<string, OpenWhiskNode[]>();
  for (const c of controllers) controllersByUrn.set(c.resource.urn, [...(controllersByUrn.get(c.resource.urn) ?? []), c]);
  // Security groups attached to interfaces by separate resources.
  const attachedToEni = new Map<string, string[]>();
  for (const att of resources.filter((r) => r.type === TYPES.sgAttachment)) {
    for (const eni of att.propertyDependencies.networkInterfaceId ?? []) {
      attachedToEni.set(eni, [...(attachedToEni.get(eni) ?? []), ...(att.propertyDependencies.securityGroupId ?? [])]);
    }
  }
  let clusters: OpenWhiskNode[][] | undefined;
  let clusterByNode: Map<OpenWhiskNode, OpenWhiskNode[]> | undefined;
  const model: ClusterModel = {
    ...stackUrnOf(resources),
    resources,
    byUrn,
    nodes,
    controllers,
    clustered: controllers.filter(isClustered),
    get clusters() {
      return (clusters ??= groupClusters(model));
    },
    clusterOf: (node) => {
      clusterByNode ??= new Map(model.clusters.flatMap((c) => c.map((n) => [n, c] as const)));
      return clusterByNode.get(node) ?? [node];
    },
    invokers: nodes.filter((n) => n.role === "invoker"),
    addresses,
    ingress,
    ingressByGroup,
    environments,
    controllerAt: (host, from, port) => {
      const scope = from ? addresses.identities.get(from.resource.urn)?.scope : undefined;
      const owner = (scope ? addresses.scopedOwners.get(`${scope}|${host}`) : undefined) ?? addresses.owners.get(host);
      const on = owner ? controllersByUrn.get(owner) : undefined;
      if (!on || on.length < 2) return on?.[0];
      const clustered = on.filter(isClustered);
      const candidates = clustered.length ? clustered : on;
      return (port !== undefined ? candidates.find((c) => envPort(c, keysOf(c).canonicalPort) === port) : undefined) ?? candidates[0];
    },
    groupsOf: (node) => {
      const interfaces = addresses.identities.get(node.resource.urn)?.addressResources.filter((r) => r.type === TYPES.eni) ?? [];
      const attached = interfaces.flatMap((eni) => attachedToEni.get(eni.urn) ?? []);
      return [...new Set([...groupsOfInstance(node.resource, interfaces), ...attached])];
    },
  };
  cache.set(resources, model);
  return model;
}
