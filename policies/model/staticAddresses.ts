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
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
  autoscalingGroup: "aws:autoscaling/group:Group",
  sgAttachment: "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment",
  subnet: "aws:ec2/subnet:Subnet",
  vpc: "aws:ec2/vpc:Vpc",
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
  /**
   * Where its private addresses mean something: `docker:<network>` or `aws:<vpc>`. Equal IPs in two
   * isolated networks are two addresses.
   */
  scope?: string;
}

export interface StaticAddressIndex {
  /** Identity per compute resource URN (containers and instances). */
  identities: Map<string, StaticIdentity>;
  /** Every static host (IP or DNS name, lower case) of the stack -> owning compute resource URN, or null. */
  owners: Map<string, string | null>;
  /** URNs of resources whose outputs are static addresses (interfaces, EIPs, records, fixed-IP containers, instances on a fixed interface). */
  staticSources: Set<string>;
  /** `<scope>|<private IP>` -> owning compute resource URN: a private IP resolved within its network. */
  scopedOwners: Map<string, string>;
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
  const scopedOwners = new Map<string, string>();
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
  // An instance on a fixed-IP interface has that interface's address: its own outputs are static too.
  for (const instance of eniOfInstance.keys()) staticSources.add(instance);
  /** The VPC an interface is in: through its subnet (a resource of the stack, or a known id). */
  const vpcScopeOf = (eni: StackResource): string => {
    const subnet = depsOfType(eni, "subnetId", byUrn, TYPES.subnet)[0];
    const vpc = subnet ? depsOfType(subnet, "vpcId", byUrn, TYPES.vpc)[0]?.urn ?? knownString(subnet.props.vpcId) : undefined;
    return `aws:${vpc ?? "vpc"}`;
  };

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
    const scope = vpcScopeOf(eni);
    for (const ip of eniIps.get(eni.urn) ?? []) {
      addIp(ip, owner);
      if (owner) scopedOwners.set(`${scope}|${ip}`, owner);
    }
    if (owner) {
      identityOf(owner).addressResources.push(eni);
      identityOf(owner).scope ??= scope;
    }
  }
  for (const eip of eips) {
    const owner = eipOwner.get(eip.urn);
    for (const ip of strings(eip.props.publicIp)) addIp(ip, owner);
    // An EIP's public DNS name resolves to it (and to its private address inside the VPC).
    for (const dns of strings(eip.props.publicDns)) {
      if (!owners.get(dns.toLowerCase())) owners.set(dns.toLowerCase(), owner ?? null);
      if (owner) identityOf(owner).names.add(dns.toLowerCase());
    }
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
    let noSubnet: string | undefined;
    for (const entry of entries) {
      const network = knownString(entry?.name);
      const userDefined = network !== undefined ? !BUILT_IN_NETWORKS.has(network) : isUnknown(entry?.name) && networkDeps.length > 0;
      const ip = knownString(entry?.ipv4Address);
      if (!userDefined || !ip) continue;
      // Docker takes a fixed ipv4Address only on a network created with a subnet of its own.
      const netResource = (network !== undefined ? networksByName.get(network) : undefined) ?? (networkDeps.length === 1 ? networkDeps[0] : undefined);
      const ipam = netResource?.props.ipamConfigs;
      if (netResource && !isUnknown(ipam) && !(Array.isArray(ipam) && ipam.some((c) => knownString((c as Record<string, unknown>)?.subnet) !== undefined || isUnknown((c as Record<string, unknown>)?.subnet)))) {
        noSubnet = network ?? netResource.name;
        continue;
      }
      staticSources.add(container.urn);
      addIp(ip, container.urn);
      const scope = `docker:${network ?? netResource?.urn ?? "network"}`;
      scopedOwners.set(`${scope}|${ip}`, container.urn);
      identity.scope ??= scope;
      for (const name of [knownString(container.props.name), ...strings(entry.aliases)]) {
        if (!name) continue;
        identity.names.add(name.toLowerCase());
        if (!owners.get(name.toLowerCase())) owners.set(name.toLowerCase(), container.urn);
      }
    }
    if (identity.ips.size === 0) {
      identity.notStatic = noSubnet
        ? `its network ${noSubnet} has no configured subnet (ipamConfigs), and Docker accepts a fixed ipv4Address only on a network with one`
        : entries.length === 0 ? "it is on no user-defined network (networksAdvanced is empty)" : "it has no fixed ipv4Address on a user-defined network";
    }
  }

  // Route53 records whose every target is a static address of the stack: A/AAAA first, then CNAMEs
  // (to an EIP's DNS name or another static record), until nothing new is learnt.
  const records = ofType(TYPES.record);
  const done = new Set<string>();
  const recordOwnerOf = new Map<string, string>();
  for (let pass = 0; pass < 4; pass++) {
    let learnt = false;
    for (const record of records) {
      if (done.has(record.urn)) continue;
      const type = knownString(record.props.type);
      if (type !== "A" && type !== "AAAA" && !(type === "CNAME" && pass > 0)) continue;
      const zone = depsOfType(record, "zoneId", byUrn, TYPES.zone)[0];
      const zoneName = knownString(zone?.props.name)?.replace(/\.$/, "");
      const name = knownString(record.props.name)?.replace(/\.$/, "");
      const fqdn = knownString(record.props.fqdn) ?? (name && zoneName && !name.endsWith(zoneName) ? `${name}.${zoneName}` : name);
      const targets = Array.isArray(record.props.records) ? record.props.records : [];
      const knownTargets = strings(targets).map((t) => (type === "CNAME" ? t.replace(/\.$/, "").toLowerCase() : t));
      const unknownTargets = isUnknown(record.props.records) || targets.some(isUnknown);
      const targetDeps = (record.propertyDependencies.records ?? []).filter((u) => staticSources.has(u));
      const allKnownStatic = knownTargets.every((ip) => owners.has(ip));
      const unknownOk = !unknownTargets || targetDeps.length > 0;
      if (!fqdn || !allKnownStatic || !unknownOk || (knownTargets.length === 0 && targetDeps.length === 0)) continue;
      staticSources.add(record.urn);
      done.add(record.urn);
      learnt = true;
      const recordOwners = new Set<string>();
      for (const ip of knownTargets) {
        const o = owners.get(ip);
        if (o) recordOwners.add(o);
      }
      for (const dep of targetDeps) {
        const t = byUrn.get(dep)?.type;
        const o = instanceOfEni.get(dep) ?? eipOwner.get(dep) ?? (t === TYPES.container || t === TYPES.instance ? dep : undefined) ?? recordOwnerOf.get(dep);
        if (o) recordOwners.add(o);
      }
      const owner = recordOwners.size === 1 ? [...recordOwners][0] : undefined;
      for (const host of [fqdn, name].filter((h): h is string => !!h)) {
        if (!owners.get(host.toLowerCase())) owners.set(host.toLowerCase(), owner ?? null);
      }
      if (owner) {
        identityOf(owner).names.add(fqdn.toLowerCase());
        identityOf(owner).addressResources.push(record);
        recordOwnerOf.set(record.urn, owner);
      }
    }
    if (!learnt && pass > 0) break;
  }

  for (const instance of ofType(TYPES.instance)) {
    const identity = identityOf(instance.urn);
    if (!eniOfInstance.has(instance.urn)) identity.notStatic = "it is not on a fixed-IP network interface (set primaryNetworkInterface to an aws.ec2.NetworkInterface of the stack)";
  }
  for (const template of [...ofType(TYPES.launchTemplate), ...ofType(TYPES.launchConfiguration)]) {
    identityOf(template.urn).notStatic = "it is launched from a launch template (an auto scaling group): every instance it starts, and every replacement, gets a new address";
  }
  return { identities, owners, staticSources, scopedOwners };
}
