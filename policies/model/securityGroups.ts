/**
 * Ingress read back from security groups (inline rules), `aws.vpc.SecurityGroupIngressRule` and
 * `aws.ec2.SecurityGroupRule`, tied to the groups they apply to through the resource graph.
 */
import { DEFAULT_MINIMUM_PREFIX, judgeWorld, type WorldJudgement } from "../../components/config/cidr";
import { TYPES } from "./staticAddresses";
import type { StackResource } from "./stackResource";
import { knownString } from "./unknowns";

export interface IngressRule {
  /** The resource that declares the rule (a security group or a rule resource). */
  resource: StackResource;
  /** URNs of the security groups the rule opens. */
  groups: string[];
  /** Port range; undefined bounds mean every port (protocol -1). */
  fromPort?: number;
  toPort?: number;
  allProtocols: boolean;
  protocol?: string;
  /** Known source CIDRs (IPv4 and IPv6). */
  cidrs: string[];
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function cidrList(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (Array.isArray(v)) for (const c of v) { const s = knownString(c); if (s) out.push(s); }
    else { const s = knownString(v); if (s) out.push(s); }
  }
  return out;
}

function rule(resource: StackResource, groups: string[], protocol: unknown, from: unknown, to: unknown, cidrs: string[]): IngressRule {
  const p = knownString(protocol)?.toLowerCase();
  const allProtocols = p === "-1" || p === "all";
  return { resource, groups, protocol: p, allProtocols, fromPort: allProtocols ? undefined : num(from), toPort: allProtocols ? undefined : num(to), cidrs };
}

export function readIngressRules(resources: StackResource[]): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const r of resources) {
    if (r.type === TYPES.securityGroup && Array.isArray(r.props.ingress)) {
      for (const i of r.props.ingress as Record<string, unknown>[]) {
        rules.push(rule(r, [r.urn], i?.protocol, i?.fromPort, i?.toPort, cidrList(i?.cidrBlocks, i?.ipv6CidrBlocks)));
      }
    } else if (r.type === TYPES.ingressRule) {
      rules.push(rule(r, r.propertyDependencies.securityGroupId ?? [], r.props.ipProtocol, r.props.fromPort, r.props.toPort, cidrList(r.props.cidrIpv4, r.props.cidrIpv6)));
    } else if (r.type === TYPES.sgRule && knownString(r.props.type) === "ingress") {
      rules.push(rule(r, r.propertyDependencies.securityGroupId ?? [], r.props.protocol, r.props.fromPort, r.props.toPort, cidrList(r.props.cidrBlocks, r.props.ipv6CidrBlocks)));
    }
  }
  return rules;
}

/** Whether a TCP port is inside the rule's range. */
export function coversPort(rule: IngressRule, port: number): boolean {
  if (rule.allProtocols) return true;
  if (rule.protocol !== undefined && rule.protocol !== "tcp" && rule.protocol !== "6") return false;
  if (rule.fromPort === undefined || rule.toPort === undefined) return false;
  return rule.fromPort <= port && port <= rule.toPort;
}

/** Whether the rule's sources are the world (cidr.ts: wider than the minimum prefix, or covering a whole family). */
export function opensToWorld(rule: IngressRule, minimumPrefix = DEFAULT_MINIMUM_PREFIX): WorldJudgement {
  return judgeWorld(rule.cidrs, minimumPrefix);
}

/** Security group URNs that apply to an instance: its own and those of its interfaces. */
export function groupsOfInstance(instance: StackResource, interfaces: StackResource[]): string[] {
  const own = [...(instance.propertyDependencies.vpcSecurityGroupIds ?? []), ...(instance.propertyDependencies.securityGroups ?? [])];
  const viaEni = interfaces.flatMap((eni) => eni.propertyDependencies.securityGroups ?? []);
  return [...new Set([...own, ...viaEni])];
}
