/**
 * The docker network's dynamic pool. On a user-defined network with a subnet but no `ip_range`, Docker
 * hands out fixed (`--ip`) and automatic addresses from one pool: a container created while a
 * controller is away (a restart, a replacement) can take the controller's address, and the controller
 * then cannot start on it. With `ip_range` (IPAM config `IPRange`), automatic addresses come only from
 * that range, and the fixed controller addresses stay outside it.
 */
import type { DockerConfig } from "../config/schema";
import { numberToIp, parseCidr } from "../config/ipv4";

/** The pool automatic addresses come from: `docker.ipRange`, else the upper half of the subnet. */
export function dockerDynamicPool(d: Pick<DockerConfig, "subnet" | "ipRange">): string {
  if (d.ipRange) return d.ipRange;
  const subnet = parseCidr(d.subnet)!;
  return `${numberToIp(subnet.network + subnet.size / 2)}/${subnet.prefix + 1}`;
}
