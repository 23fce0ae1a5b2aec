/**
 * Which addresses of the stack are static, and whose they are: fixed IPs of network interfaces,
 * Elastic IPs, Route53 A records that point at them, and docker containers with a fixed IPv4
 * address on a user-defined network (their name and aliases resolve to it). Read from resource
 * outputs when known and from the property dependencies when a value is not known yet.
 */
import type { StackResource } from "./stackResource";
import { isUnknown, knownString } from "./unknowns";

export const TYPES = {
  eni: "aws:ec2/networkInterface:NetworkInterface",
  eniAttachment: "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment",
  eip: "aws:ec2/eip:Eip",
  eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
  instance: "aws:ec2/instance:Instance",
  record: "aws:route53/record:Record",
  zone: "aws:route53/zone:Zone",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  container: "docker:index/container:Container",
  network: "docker:index/network:Network",
} as const;

/** Docker's built-in networks: no fixed addresses there. */
const BUILT_IN_NETWORKS = new Set(["bridge", "host", "none", "default"]);

/** The static addresses of one compute resource (container or instance). */
export interface StaticIdentity {
  /** Fixed IPs: interface / container IPs and Elastic IPs. */
  ips: Set<string>;
  /** Static names: DNS records pointing at those IPs, container names and network aliases. */
  names: Set<string>;
  /** The address resources behind them (interfaces, EIPs, records), for protection checks. */
  addressResources: StackResource[];
  /** Why the compute resource has no fixed address, when it has none. */
  notStatic?: string;
}

export interface StaticAddressIndex {
  /** Identity per compute resource URN (containers and instances). */
  identities: Map<string, StaticIdentity>;
  /** Every static host (IP or DNS name, lower case) of the stack -> owning compute resource URN, or null. */
  owners: Map<string, string | null>;
  /** URNs of resources whose outputs are static addresses (interfaces, EIPs, records, fixed-IP containers). */
  staticSources: Set<string>;
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(knownString).filter((v): v is string => v !== undefined);
  const one = knownString(value);
  return one === undefined ? [] : [one];
}

function depsOfType(resource: StackResource, key: string, byUrn: Map<string, StackResource>, type: string): StackResource[] {
  return (resource.propertyDependencies[key] ?? []).map((u) => byUrn.get(u)).filter((r): r is StackResource => r?.type === type);
}

function emptyIdentity(): StaticIdentity {
  return { ips: new Set(), names: new Set(), addressResources: [] };
}

export function indexStaticAddresses(resources: StackResource[], byUrn: Map<string, StackResource>): StaticAddressIndex {
  const identities = new Map<string, StaticIdentity>();
  const owners = new Map<string, string | null>();
  const staticSources = new Set<string>();
  const ofType = (type: string) => resources.filter((r) => r.type === type);

  // Interfaces: their private IPs are fixed for the interface's life, whatever happens to instances.
  const eniIps = new Map<string, string[]>();
  for (const eni of ofType(TYPES.eni)) {
    eniIps.set(eni.urn, [...strings(eni.props.privateIps), ...strings(eni.props.privateIp), ...strings(eni.props.privateIpLists)]);
    staticSources.add(eni.urn);
  }
  // Which interfaces each instance sits on (primary, deprecated inline list, attachments).
  const eniOfInstance = new Map<string, StackResource[]>();
  const attach = (instance: string, eni: StackResource) => {
    const list = eniOfInstance.get(instance);
    if (list) list.push(eni);
    else eniOfInstance.set(instance, [eni]);
  };
  const enisById = new Map<string, StackResource>();
  for (const eni of ofType(TYPES.eni)) {
    const id = knownString(eni.props.id);
    if (id) enisById.set(id, eni);
  }
  for (const instance of ofType(TYPES.instance)) {
    const primary = depsOfType(instance, "primaryNetworkInterface", byUrn, TYPES.eni);
    const primaryId = knownString((instance.props.primaryNetworkInterface as Record<string, unknown> | undefined)?.networkInterfaceId);
    if (primary.length === 0 && primaryId && enisById.has(primaryId)) primary.push(enisById.get(primaryId)!);
    for (const eni of [...primary, ...depsOfType(instance, "networkInterfaces", byUrn, TYPES.eni)]) attach(instance.urn, eni);
  }
  for (const att of ofType(TYPES.eniAttachment)) {
    const instance = depsOfType(att, "instanceId", byUrn, TYPES.instance)[0];
    for (const eni of depsOfType(att, "networkInterfaceId", byUrn, TYPES.eni)) if (instance) attach(instance.urn, eni);
  }
  const instanceOfEni = new Map<string, string>();
  for (const [instance, enis] of eniOfInstance) for (const eni of enis) instanceOfEni.set(eni.urn, instance);
  const eniOfIp = new Map<string, StackResource>();
  for (const eni of ofType(TYPES.eni)) for (const ip of eniIps.get(eni.urn) ?? []) eniOfIp.set(ip, eni);

  // Elastic IPs, and the interface or instance each is bound to.
  const eipOwner = new Map<string, string | undefined>(); // eip urn -> instance urn
  const bindEip = (eip: StackResource, eni?: StackResource, instance?: StackResource) => {
    const owner = instance?.urn ?? (eni ? instanceOfEni.get(eni.urn) : undefined);
    if (owner || !eipOwner.has(eip.urn)) eipOwner.set(eip.urn, owner);
  };
  const eips = ofType(TYPES.eip);
  for (const eip of eips) {
    staticSources.add(eip.urn);
    const privateIp = knownString(eip.props.associateWithPrivateIp);
    bindEip(eip, depsOfType(eip, "networkInterface", byUrn, TYPES.eni)[0] ?? (privateIp ? eniOfIp.get(privateIp) : undefined), depsOfType(eip, "instance", byUrn, TYPES.instance)[0]);
  }
  for (const assoc of ofType(TYPES.eipAssociation)) {
    const eip = depsOfType(assoc, "allocationId", byUrn, TYPES.eip)[0] ?? depsOfType(assoc, "publicIp", byUrn, TYPES.eip)[0];
    if (eip) bindEip(eip, depsOfType(assoc, "networkInterfaceId", byUrn, TYPES.eni)[0], depsOfType(assoc, "instanceId", byUrn, TYPES.instance)[0]);
  }

  const identityOf = (urn: string) => {
    let id = identities.get(urn);
    if (!id) identities.set(urn, (id = emptyIdentity()));
    return id;
  };
  const addIp = (ip: string, owner: string | undefined) => {
    if (owner) identityOf(owner).ips.add(ip);
    if (!owners.get(ip)) owners.set(ip, owner ?? null);
  };
  for (const eni of ofType(TYPES.eni)) {
    const owner = instanceOfEni.get(eni.urn);
    for (const ip of eniIps.get(eni.urn) ?? []) addIp(ip, owner);
    if (owner) identityOf(owner).addressResources.push(eni);
  }
  for (const eip of eips) {
    const owner = eipOwner.get(eip.urn);
    for (const ip of strings(eip.props.publicIp)) addIp(ip, owner);
    if (owner) identityOf(owner).addressResources.push(eip);
  }

  // Docker containers with a fixed IPv4 address on a user-defined network.
  const networksByName = new Map<string, StackResource>();
  for (const net of ofType(TYPES.network)) {
    const name = knownString(net.props.name);
    if (name) networksByName.set(name, net);
  }
  for (const container of ofType(TYPES.container)) {
    const identity = identityOf(container.urn);
    const entries = Array.isArray(container.props.networksAdvanced) ? (container.props.networksAdvanced as Record<string, unknown>[]) : [];
    const networkDeps = depsOfType(container, "networksAdvanced", byUrn, TYPES.network);
    for (const entry of entries) {
      const network = knownString(entry?.name);
      const userDefined = network !== undefined ? !BUILT_IN_NETWORKS.has(network) : isUnknown(entry?.name) && networkDeps.length > 0;
      const ip = knownString(entry?.ipv4Address);
      if (!userDefined || !ip) continue;
      staticSources.add(container.urn);
      addIp(ip, container.urn);
      for (const name of [knownString(container.props.name), ...strings(entry.aliases)]) {
        if (!name) continue;
        identity.names.add(name.toLowerCase());
        if (!owners.get(name.toLowerCase())) owners.set(name.toLowerCase(), container.urn);
      }
    }
    if (identity.ips.size === 0) {
      identity.notStatic = entries.length === 0 ? "it is on no user-defined network (networksAdvanced is empty)" : "it has no fixed ipv4Address on a user-defined network";
    }
  }

  // Route53 A/AAAA records whose every target is a static address of the stack.
  for (const record of ofType(TYPES.record)) {
    const type = knownString(record.props.type);
    if (type !== "A" && type !== "AAAA") continue;
    const zone = depsOfType(record, "zoneId", byUrn, TYPES.zone)[0];
    const zoneName = knownString(zone?.props.name)?.replace(/\.$/, "");
    const name = knownString(record.props.name)?.replace(/\.$/, "");
    const fqdn = knownString(record.props.fqdn) ?? (name && zoneName && !name.endsWith(zoneName) ? `${name}.${zoneName}` : name);
    const targets = Array.isArray(record.props.records) ? record.props.records : [];
    const knownTargets = strings(targets);
    const unknownTargets = isUnknown(record.props.records) || targets.some(isUnknown);
    const targetDeps = (record.propertyDependencies.records ?? []).filter((u) => staticSources.has(u));
    const allKnownStatic = knownTargets.every((ip) => owners.has(ip));
    const unknownOk = !unknownTargets || targetDeps.length > 0;
    if (!fqdn || !allKnownStatic || !unknownOk || (knownTargets.length === 0 && targetDeps.length === 0)) continue;
    staticSources.add(record.urn);
    const recordOwners = new Set<string>();
    for (const ip of knownTargets) {
      const o = owners.get(ip);
      if (o) recordOwners.add(o);
    }
    for (const dep of targetDeps) {
      const o = instanceOfEni.get(dep) ?? eipOwner.get(dep) ?? (byUrn.get(dep)?.type === TYPES.container ? dep : undefined);
      if (o) recordOwners.add(o);
    }
    const owner = recordOwners.size === 1 ? [...recordOwners][0] : undefined;
    for (const host of [fqdn, name].filter((h): h is string => !!h)) {
      if (!owners.get(host.toLowerCase())) owners.set(host.toLowerCase(), owner ?? null);
    }
    if (owner) {
      identityOf(owner).names.add(fqdn.toLowerCase());
      identityOf(owner).addressResources.push(record);
    }
  }

  for (const instance of ofType(TYPES.instance)) {
    const identity = identityOf(instance.urn);
    if (!eniOfInstance.has(instance.urn)) identity.notStatic = "it is not on a fixed-IP network interface (set primaryNetworkInterface to an aws.ec2.NetworkInterface of the stack)";
  }
  return { identities, owners, staticSources };
}
