/**
 * The static address plan of the controller cluster: for every controller its fixed IP, its static
 * DNS name, the host it advertises (canonical hostname) and whether it is a seed node. Pure: the
 * StaticSeedAddresses component creates the resources that pin these addresses; renderers take the
 * result and never compute an address themselves.
 */
import type { StackConfig } from "../config/schema";
import { cidrContains, parseCidr } from "../config/ipv4";

export interface StaticAddress {
  /** The controller index: its instance id (the `controller <index>` argument). */
  index: number;
  /** Controller name, e.g. controller0 (also its hostname). */
  name: string;
  /** The fixed IPv4 the controller keeps across restarts and replacements. */
  privateIp: string;
  /** The static DNS name: the docker alias, or `<name>.<zone>` in the Route53 private zone. */
  dnsName: string;
  /** What the controller advertises and what seeds name: dnsName or privateIp (controllers.addressing). */
  host: string;
  /** The fixed remoting port. */
  port: number;
  /** True for the first controllers.seeds controllers. */
  seed: boolean;
  /** aws: index into [...aws.subnets, ...aws.privateSubnets] of the subnet holding privateIp. */
  subnetIndex?: number;
}

export function controllerName(config: StackConfig, index: number): string {
  return config.controllers.names?.[index] ?? `controller${index}`;
}

export function invokerName(index: number): string {
  return `invoker${index}`;
}

/** aws: public subnets, then private ones (the order of StaticAddress.subnetIndex and AwsNetwork.subnetIds). */
export function awsSubnets(config: StackConfig): Array<{ cidr: string; availabilityZone: string; id?: string; public: boolean }> {
  const a = config.aws!;
  return [...a.subnets.map((s) => ({ ...s, public: true })), ...a.privateSubnets.map((s) => ({ ...s, public: false }))];
}

/** Plans the static addresses of all controllers. Throws (naming the key) if handed an unvalidated config. */
export function planSeedAddresses(config: StackConfig): StaticAddress[] {
  const { controllers } = config;
  const ips = config.target === "docker" ? config.docker?.controllerAddresses : config.aws?.controllerAddresses;
  if (!ips || ips.length !== controllers.count) {
    throw new Error(`openwhisk:${config.target}.controllerAddresses: expected ${controllers.count} fixed addresses (validate the config first)`);
  }
  const subnets = config.aws ? awsSubnets(config).map((s) => parseCidr(s.cidr)!) : [];
  return ips.map((privateIp, index) => {
    const name = controllerName(config, index);
    const dnsName = config.target === "aws" ? `${name}.${config.aws!.zoneName}` : name;
    let subnetIndex: number | undefined;
    if (config.target === "aws") {
      subnetIndex = subnets.findIndex((s) => cidrContains(s, privateIp));
      if (subnetIndex < 0) throw new Error(`openwhisk:aws.controllerAddresses[${index}]: ${privateIp} is in none of aws.subnets / aws.privateSubnets`);
    }
    return {
      index,
      name,
      privateIp,
      dnsName,
      host: controllers.addressing === "ip" ? privateIp : dnsName,
      port: controllers.remotingPort,
      seed: index < controllers.seeds,
      subnetIndex,
    };
  });
}

/** The seed nodes, in order: the addresses that go into every controller's seed list. */
export function seedNodes(addresses: StaticAddress[]): StaticAddress[] {
  return addresses.filter((a) => a.seed);
}
