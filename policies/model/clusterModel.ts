/**
 * Everything the policies read, indexed once per stack: resources by URN, the OpenWhisk nodes,
 * the static-address index and the ingress rules. Stack-level checks look things up here instead
 * of scanning the resource list again, so a check stays linear in the stack's size.
 */
import { readDeclarations } from "./nodeEnv";
import { findNodes, isClustered, type OpenWhiskNode } from "./openwhiskNodes";
import { readIngressRules, type IngressRule } from "./securityGroups";
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
  invokers: OpenWhiskNode[];
  addresses: StaticAddressIndex;
  ingress: IngressRule[];
  /** Ingress rules per security group URN. */
  ingressByGroup: Map<string, IngressRule[]>;
  /** `openwhisk.environment` declared on any resource (label or tag). */
  environments: Set<string>;
  /** The controller whose static address (IP or DNS name, lower case) this is, if any. */
  controllerAt(host: string): OpenWhiskNode | undefined;
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
  const controllerByUrn = new Map(controllers.map((c) => [c.resource.urn, c]));
  const model: ClusterModel = {
    ...stackUrnOf(resources),
    resources,
    byUrn,
    nodes,
    controllers,
    clustered: controllers.filter(isClustered),
    invokers: nodes.filter((n) => n.role === "invoker"),
    addresses,
    ingress,
    ingressByGroup,
    environments,
    controllerAt: (host) => {
      const owner = addresses.owners.get(host);
      return owner ? controllerByUrn.get(owner) : undefined;
    },
  };
  cache.set(resources, model);
  return model;
}
