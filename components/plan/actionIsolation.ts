/**
 * Untrusted action code, fenced off (issue 12 §3). Actions run on a network of their own, never on the
 * one that carries Kafka, ZooKeeper, CouchDB and controller remoting:
 * - docker target: a second user-defined bridge, `<networkName>-actions`; the invoker joins both,
 *   Docker keeps the bridges apart, and the APIs are published on 127.0.0.1 only.
 * - aws: a bridge `openwhisk-actions` on every invoker host (`aws.actionSubnet`), the invoker on it at a
 *   fixed address; a oneshot unit drops what actions send to 169.254.0.0/16 (the instance metadata
 *   service, on top of a metadata hop limit of 1) and to the VPC, except DNS at the VPC resolver and
 *   HTTPS to the edge (actions call the API back), and refuses their new connections to the host itself.
 */
import type { StackConfig } from "../config/schema";
import { numberToIp, parseCidr } from "../config/ipv4";
import { shellWord } from "./hostFiles";
import { awsSubnets } from "./seedAddresses";

export interface ActionNetwork {
  /** The docker network name the invoker puts action containers on. */
  name: string;
  /** aws: the bridge's subnet, gateway and the invoker's own fixed address on it. */
  subnet?: string;
  gateway?: string;
  invokerIp?: string;
  /** aws: the Linux bridge device (fence rules match it). */
  bridge?: string;
}

export const AWS_ACTION_NETWORK = "openwhisk-actions";
export const AWS_ACTION_BRIDGE = "ow-actions";
export const FENCE_JOB = "action-fence";

export function actionNetwork(config: StackConfig): ActionNetwork {
  if (config.target === "docker") return { name: `${config.docker!.networkName}-actions` };
  const block = parseCidr(config.aws!.actionSubnet)!;
  return { name: AWS_ACTION_NETWORK, subnet: block.text, gateway: numberToIp(block.network + 1), invokerIp: numberToIp(block.network + 2), bridge: AWS_ACTION_BRIDGE };
}

/** The address ranges actions may not reach on aws: the VPC (or, for an existing VPC, all its subnets: public and private). */
export function fencedRanges(config: StackConfig): string[] {
  const a = config.aws!;
  return a.vpcCidr ? [a.vpcCidr] : awsSubnets(config).map((s) => s.cidr);
}

/** DNS resolvers actions may use: AWS's link-local resolver, and the VPC's base address + 2 when the stack knows the VPC block. */
function vpcResolvers(config: StackConfig): string[] {
  const a = config.aws!;
  const out = ["169.254.169.253"];
  if (a.vpcCidr) out.push(numberToIp(parseCidr(a.vpcCidr)!.network + 2));
  return out;
}

/** The fence script of an invoker host (run by a oneshot unit before the invoker; idempotent). */
export function actionFenceScript(config: StackConfig, edgeAddress: string): string {
  const net = actionNetwork(config);
  const w = shellWord;
  const lines = [
    "#!/bin/sh",
    "# Fences action containers off the cluster (written by openwhisk-static-cluster); idempotent.",
    "set -eu",
    `if ! docker network inspect ${w(net.name)} >/dev/null 2>&1; then`,
    `  docker network create --driver bridge --subnet ${w(net.subnet!)} --gateway ${w(net.gateway!)} -o com.docker.network.bridge.name=${w(net.bridge!)} ${w(net.name)}`,
    "fi",
    "chain=OPENWHISK-ACTIONS",
    'iptables -N "$chain" 2>/dev/null || iptables -F "$chain"',
    `src=${w(net.subnet!)}`,
    // The invoker's own traffic (Kafka, CouchDB, the API) is not action traffic.
    `iptables -A "$chain" -s ${w(net.invokerIp!)} -j RETURN`,
    ...vpcResolvers(config).flatMap((r) => ["udp", "tcp"].map((p) => `iptables -A "$chain" -s "$src" -d ${w(`${r}/32`)} -p ${p} --dport 53 -j RETURN`)),
    `iptables -A "$chain" -s "$src" -d ${w(`${edgeAddress}/32`)} -p tcp --dport 443 -j RETURN`,
    `iptables -A "$chain" -s "$src" -d 169.254.0.0/16 -j DROP`,
    ...fencedRanges(config).map((c) => `iptables -A "$chain" -s "$src" -d ${w(c)} -j DROP`),
    'iptables -A "$chain" -j RETURN',
    // Docker evaluates DOCKER-USER before its own rules for every forwarded packet.
    'iptables -C DOCKER-USER -j "$chain" 2>/dev/null || iptables -I DOCKER-USER -j "$chain"',
    // New connections from actions to the invoker host itself (sshd, the host's own ports).
    `iptables -C INPUT -i ${w(net.bridge!)} ! -s ${w(net.invokerIp!)} -m conntrack --ctstate NEW -j DROP 2>/dev/null || iptables -I INPUT -i ${w(net.bridge!)} ! -s ${w(net.invokerIp!)} -m conntrack --ctstate NEW -j DROP`,
    'echo "openwhisk: action containers fenced off"',
  ];
  return lines.join("\n") + "\n";
}
