/**
 * Untrusted action code, fenced off. Actions run on a network of their own, never on the one that
 * carries Kafka, ZooKeeper, CouchDB and controller remoting, and reach the API host they are handed
 * (`WHISK_API_HOST_*`, `__OW_API_HOST` inside the action):
 * - docker target: a second user-defined bridge, `<networkName>-actions`; the invoker and the edge
 *   (under the API host's name, `nginx`) join it, Docker keeps the bridges apart, and the APIs are
 *   published on 127.0.0.1 only. Inter-container traffic stays on there: the invoker drives its action
 *   containers over that bridge, and on a Docker engine the stack cannot add the host firewall rules
 *   that would let the invoker through while keeping actions apart (the aws fence below does that).
 * - aws: a bridge `openwhisk-actions` on every invoker host (`aws.actionSubnet`), created with
 *   inter-container traffic off (`com.docker.network.bridge.enable_icc=false`), the invoker on it at a
 *   fixed address. A oneshot unit (actionFenceScript) applies, atomically (iptables-restore), a
 *   default-deny from the bridge to private, shared, link-local and the VPC's own address space (IPv4)
 *   and to IPv6 ULA / link-local (the network has no IPv6: everything else IPv6 is dropped too), with
 *   spelled-out exceptions: DNS at the VPC's resolvers, and TCP to the API host's port. Actions cannot
 *   reach each other or the invoker; the invoker still drives them. The unit is part of docker.service
 *   (re-applied whenever docker starts again), and a watcher re-applies it when docker creates the
 *   network again while it runs (FENCE_WATCH_JOB).
 * Action containers cannot forge their source address: every build's invoker starts them with
 * `--cap-drop NET_RAW --cap-drop NET_ADMIN` (core/invoker/.../InvokerReactive.scala at febde0042,
 * 1.0.0, 2.0.0 and master), so rules that trust the invoker's source address hold.
 */
import type { StackConfig } from "../config/schema";
import { numberToIp, parseCidr } from "../config/ipv4";
import { shellWord } from "./hostFiles";
import { awsSubnets } from "./seedAddresses";
import { planServiceEndpoints } from "./serviceEndpoints";

export interface ActionNetwork {
  /** The docker network name the invoker puts action containers on. */
  name: string;
  /** aws: the bridge's subnet, gateway and the invoker's own fixed address on it. */
  subnet?: string;
  gateway?: string;
  invokerIp?: string;
  /** aws: the Linux bridge device (fence rules match it). */
  bridge?: string;
  /** Docker network driver options: aws turns inter-container traffic off. */
  options: Record<string, string>;
}

export const AWS_ACTION_NETWORK = "openwhisk-actions";
export const AWS_ACTION_BRIDGE = "ow-actions";
export const FENCE_JOB = "action-fence";
/** Re-applies the fence when docker creates the actions network again while it runs. */
export const FENCE_WATCH_JOB = "action-fence-watch";
/** Docker's bridge driver option for inter-container traffic. */
export const ICC_OPTION = "com.docker.network.bridge.enable_icc";
/** iptables chains of the fence: forwarded action traffic (from DOCKER-USER), action traffic to the host itself, IPv6. */
export const FENCE_CHAINS = { forward: "OPENWHISK-ACTIONS", input: "OPENWHISK-ACTIONS-IN", ipv6: "OPENWHISK-ACTIONS6" } as const;

/**
 * IPv4 destinations actions never reach unless an exception names them: private (RFC 1918), shared
 * (RFC 6598, 100.64.0.0/10) and link-local (169.254.0.0/16: the instance metadata service, on top of a
 * metadata hop limit of 1). The VPC's own blocks are added to these (they need not be private).
 */
export const FENCED_IPV4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] as const;
/** IPv6 destinations named in the fence: unique local (fc00::/7) and link-local (fe80::/10). */
export const FENCED_IPV6 = ["fc00::/7", "fe80::/10"] as const;
/** AWS's DNS resolver at its link-local address (every VPC). */
export const AWS_LINK_LOCAL_RESOLVER = "169.254.169.253";

export function actionNetwork(config: StackConfig): ActionNetwork {
  if (config.target === "docker") return { name: `${config.docker!.networkName}-actions`, options: {} };
  const block = parseCidr(config.aws!.actionSubnet)!;
  return {
    name: AWS_ACTION_NETWORK, subnet: block.text, gateway: numberToIp(block.network + 1), invokerIp: numberToIp(block.network + 2), bridge: AWS_ACTION_BRIDGE,
    options: { "com.docker.network.bridge.name": AWS_ACTION_BRIDGE, [ICC_OPTION]: "false" },
  };
}

/** The address ranges of the VPC the config knows (the VPC block, or with an existing VPC all its configured subnets); the fence adds the VPC's blocks read at boot. */
export function fencedRanges(config: StackConfig): string[] {
  const a = config.aws!;
  return a.vpcCidr ? [a.vpcCidr] : awsSubnets(config).map((s) => s.cidr);
}

/** The API host as actions reach it on aws: the edge's address (its name resolves there) and port. */
export function actionApiHost(config: StackConfig, address: string): { address: string; port: number } {
  return { address, port: planServiceEndpoints(config).apiHost.port };
}

interface Match {
  s?: string;
  d?: string;
  i?: string;
  o?: string;
  p?: "tcp" | "udp";
  dport?: number | string;
  ctstate?: string;
}

/** One rule, in the order `iptables -S` prints its matches (so the applied chain reads back exactly as rendered). */
function rule(chain: string, m: Match, target: string): string {
  const parts = [`-A ${chain}`];
  if (m.s) parts.push(`-s ${m.s}`);
  if (m.d) parts.push(`-d ${m.d}`);
  if (m.i) parts.push(`-i ${m.i}`);
  if (m.o) parts.push(`-o ${m.o}`);
  if (m.p) parts.push(`-p ${m.p} -m ${m.p}`);
  if (m.dport !== undefined) parts.push(`--dport ${m.dport}`);
  if (m.ctstate) parts.push(`-m conntrack --ctstate ${m.ctstate}`);
  parts.push(`-j ${target}`);
  return parts.join(" ");
}

/** The static head of the IPv4 rules (iptables-restore input): the bridge's own traffic, then the fixed exceptions. */
function forwardHead(net: ActionNetwork): string[] {
  const c = FENCE_CHAINS.forward;
  const b = net.bridge!;
  return [
    "*filter",
    `:${c} - [0:0]`,
    `:${FENCE_CHAINS.input} - [0:0]`,
    // The invoker drives its action containers (docker's icc=false rule would drop that): its new connections, and what comes back.
    rule(c, { s: `${net.invokerIp}/32`, d: net.subnet, i: b, o: b }, "ACCEPT"),
    rule(c, { s: net.subnet, d: `${net.invokerIp}/32`, i: b, o: b, ctstate: "RELATED,ESTABLISHED" }, "ACCEPT"),
    // Actions never reach each other or the invoker's API (kept here too, not left to docker's rule alone).
    rule(c, { i: b, o: b }, "DROP"),
    // The invoker's own traffic (Kafka, ZooKeeper, CouchDB) is not action traffic.
    rule(c, { s: `${net.invokerIp}/32`, i: b }, "RETURN"),
    ...dnsException(net, AWS_LINK_LOCAL_RESOLVER),
  ];
}

function dnsException(net: ActionNetwork, resolver: string): string[] {
  return (["udp", "tcp"] as const).map((p) => rule(FENCE_CHAINS.forward, { s: net.subnet, d: `${resolver}/32`, i: net.bridge, p, dport: 53 }, "RETURN"));
}

/** Blocks the fence drops whatever the VPC says at boot: private, shared and link-local space, and the VPC as configured. */
function staticFenced(config: StackConfig): string[] {
  return [...new Set([...FENCED_IPV4, ...fencedRanges(config)])];
}

/** The IPv4 rules between the runtime DNS exception and the VPC's runtime blocks: the API host, then the fixed deny list. */
function forwardMiddle(config: StackConfig, net: ActionNetwork, api: { address: string; port: number }): string[] {
  const c = FENCE_CHAINS.forward;
  return [
    rule(c, { s: net.subnet, d: `${api.address}/32`, i: net.bridge, p: "tcp", dport: api.port }, "RETURN"),
    ...staticFenced(config).map((r) => rule(c, { d: r, i: net.bridge }, "DROP")),
  ];
}

function forwardTail(net: ActionNetwork): string[] {
  const i = FENCE_CHAINS.input;
  return [
    // Anything else (the internet) goes on to docker's own rules.
    rule(FENCE_CHAINS.forward, { i: net.bridge }, "RETURN"),
    // The invoker host itself (sshd, the invoker's published API, docker's proxies): only the invoker, and replies.
    rule(i, { s: `${net.invokerIp}/32`, i: net.bridge }, "RETURN"),
    rule(i, { i: net.bridge, ctstate: "RELATED,ESTABLISHED" }, "RETURN"),
    rule(i, { i: net.bridge }, "DROP"),
    "COMMIT",
  ];
}

/** The IPv6 rules: the actions network has no IPv6, so ULA, link-local and everything else from it is dropped. */
export function fenceRules6(net: ActionNetwork): string {
  const c = FENCE_CHAINS.ipv6;
  return ["*filter", `:${c} - [0:0]`, ...FENCED_IPV6.map((r) => rule(c, { d: r, i: net.bridge }, "DROP")), rule(c, { i: net.bridge }, "DROP"), "COMMIT", ""].join("\n");
}

/**
 * The IPv4 rules exactly as the script applies them, given what it reads at boot (the VPC resolver's
 * address and the VPC's blocks): for tests and documentation.
 */
export function fenceRules4(config: StackConfig, apiHostAddress: string, boot: { resolver: string; vpcBlocks: string[] }): string {
  const net = actionNetwork(config);
  return [
    ...forwardHead(net),
    ...dnsException(net, boot.resolver),
    ...forwardMiddle(config, net, actionApiHost(config, apiHostAddress)),
    ...boot.vpcBlocks.filter((b) => !staticFenced(config).includes(b)).map((b) => rule(FENCE_CHAINS.forward, { d: b, i: net.bridge }, "DROP")),
    ...forwardTail(net),
    "",
  ].join("\n");
}

/** A here-document body whose terminator cannot occur in it (every line is a rendered rule). */
function heredoc(lines: string[]): string {
  for (const l of lines) if (l === "RULES") throw new Error("a fence rule equals the here-document terminator");
  return ["cat <<'RULES'", ...lines, "RULES"].join("\n");
}

/**
 * The fence script of an invoker host (run by a oneshot unit before the invoker, again whenever docker
 * starts, and by the watcher; idempotent and atomic: each chain is rebuilt in one iptables-restore).
 */
export function actionFenceScript(config: StackConfig, apiHostAddress: string): string {
  const net = actionNetwork(config);
  const w = shellWord;
  const chains = FENCE_CHAINS;
  const create = [
    "docker network create --driver bridge", `--subnet ${w(net.subnet!)}`, `--gateway ${w(net.gateway!)}`,
    ...Object.entries(net.options).map(([k, v]) => `-o ${w(`${k}=${v}`)}`), w(net.name),
  ].join(" ");
  const lines = [
    "#!/bin/sh",
    "# Fences action containers off the cluster, the VPC and every private range (written by openwhisk-static-cluster);",
    "# idempotent, each chain replaced atomically.",
    "set -eu",
    'fail() { echo "openwhisk-action-fence: $*" >&2; exit 1; }',
    `net=${w(net.name)}`,
    "# The actions network, with inter-container traffic off (an older network without it is made again).",
    `icc=$(docker network inspect -f '{{index .Options "${ICC_OPTION}"}}' "$net" 2>/dev/null || echo missing)`,
    'if [ "$icc" != false ]; then',
    '  if [ "$icc" != missing ]; then docker network rm "$net" >/dev/null; fi',
    `  ${create} >/dev/null`,
    "fi",
    "# Bridged packets must pass iptables, or no rule below (nor docker's icc=false) sees action-to-action traffic.",
    "modprobe br_netfilter 2>/dev/null || true",
    "for f in bridge-nf-call-iptables bridge-nf-call-ip6tables; do",
    '  [ -w "/proc/sys/net/bridge/$f" ] || fail "net.bridge.$f is missing (br_netfilter): refusing to run actions unfenced"',
    '  echo 1 > "/proc/sys/net/bridge/$f"',
    "done",
    "# The VPC's blocks (secondary ones included) and its resolver (base + 2), from the instance metadata service.",
    "imds=http://169.254.169.254/latest",
    "token=$(curl -sf --max-time 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$imds/api/token\") || fail 'no instance metadata token'",
    'meta() { curl -sf --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1"; }',
    "mac=$(meta mac) || fail 'no MAC address from the instance metadata'",
    "case \"$mac\" in ''|*[!0-9a-f:]*) fail \"unexpected MAC address '$mac'\" ;; esac",
    'primary=$(meta "network/interfaces/macs/$mac/vpc-ipv4-cidr-block") || fail "no VPC block from the instance metadata"',
    'blocks=$(meta "network/interfaces/macs/$mac/vpc-ipv4-cidr-blocks") || fail "no VPC blocks from the instance metadata"',
    "for b in $primary $blocks; do",
    "  case \"$b\" in */*) ;; *) fail \"unexpected VPC block '$b'\" ;; esac",
    "  case \"$b\" in *[!0-9./]*) fail \"unexpected VPC block '$b'\" ;; esac",
    "done",
    "base=${primary%/*}",
    "resolver=${base%.*}.$((${base##*.} + 2))",
    'rules=$(mktemp)',
    'trap \'rm -f "$rules"\' EXIT',
    "{",
    heredoc(forwardHead(net)),
    `for p in udp tcp; do printf -- '-A ${chains.forward} -s ${net.subnet} -d %s/32 -i ${net.bridge} -p %s -m %s --dport 53 -j RETURN\\n' "$resolver" "$p" "$p"; done`,
    heredoc(forwardMiddle(config, net, actionApiHost(config, apiHostAddress))),
    "# The VPC's blocks the config does not name already (secondary blocks; an existing VPC's other subnets).",
    `named=${w(` ${staticFenced(config).join(" ")} `)}`,
    `for b in $blocks; do case "$named" in *" $b "*) ;; *) printf -- '-A ${chains.forward} -d %s -i ${net.bridge} -j DROP\\n' "$b" ;; esac; done`,
    heredoc(forwardTail(net)),
    '} > "$rules"',
    'iptables-restore --noflush < "$rules"',
    // Docker evaluates DOCKER-USER before its own rules for every forwarded packet (it creates the chain at start).
    `iptables -C DOCKER-USER -j ${chains.forward} 2>/dev/null || iptables -I DOCKER-USER -j ${chains.forward}`,
    `iptables -C INPUT -j ${chains.input} 2>/dev/null || iptables -I INPUT -j ${chains.input}`,
    `ip6tables-restore --noflush <<'RULES'`,
    fenceRules6(net).trimEnd(),
    "RULES",
    `ip6tables -C FORWARD -j ${chains.ipv6} 2>/dev/null || ip6tables -I FORWARD -j ${chains.ipv6}`,
    `ip6tables -C INPUT -j ${chains.ipv6} 2>/dev/null || ip6tables -I INPUT -j ${chains.ipv6}`,
    'echo "openwhisk: action containers fenced off (VPC blocks: $blocks; resolver $resolver)"',
  ];
  return lines.join("\n") + "\n";
}

/**
 * The watcher: re-applies the fence whenever docker creates the actions network again while it runs
 * (an operator's `docker network rm` and re-create, a prune). A systemd path unit cannot do this: the
 * bridge appears in sysfs, which inotify does not report. Docker's own restarts are covered by the fence
 * unit being part of docker.service.
 */
export function actionFenceWatchScript(fenceScriptPath: string): string {
  return [
    "#!/bin/sh",
    "# Re-applies the action fence when docker creates the actions network again (written by openwhisk-static-cluster).",
    "set -eu",
    `docker events --filter type=network --filter event=create --format '{{.Actor.Attributes.name}}' | while IFS= read -r name; do`,
    `  if [ "$name" = ${shellWord(AWS_ACTION_NETWORK)} ]; then ${shellWord(fenceScriptPath)}; fi`,
    "done",
    "",
  ].join("\n");
}
