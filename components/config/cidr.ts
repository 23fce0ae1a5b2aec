/**
 * IPv4 and IPv6 CIDR blocks, parsed properly (no string compares), and the one judgement both the
 * config validation and the policy pack make of an allow-list: is it open to the world? A list is, when
 * - any block is wider than the minimum prefix (default /8): `0.0.0.0/1`, `0::/0`, `0:0:0:0:0:0:0:0/0`;
 * - or its blocks together cover every address of a family (`0.0.0.0/1` + `128.0.0.0/1`);
 * - or its blocks together cover more PUBLIC address space than one block of the minimum prefix holds:
 *   more public IPv4 addresses than a /8 has (2^24 by default), or more of IPv6's global unicast space
 *   (2000::/3) than the same share of it (a /11 by default). Private, loopback, link-local, shared,
 *   documentation, multicast and reserved ranges are not public (IANA's special-purpose registries,
 *   RFC 6890), so `10.0.0.0/8` + `172.16.0.0/12` + `192.168.0.0/16` is not the world, while 300 public
 *   /16s or many small blocks that add up are.
 * Dependency-free (IPv4 from ipv4.ts): the policy pack loads it too.
 */
import { ipToNumber, isIpv4 } from "./ipv4";

export type Family = 4 | 6;

export interface AnyCidr {
  text: string;
  family: Family;
  /** First address of the block. */
  network: bigint;
  prefix: number;
}

/** Default minimum prefix length: anything wider (a shorter prefix) counts as the world. */
export const DEFAULT_MINIMUM_PREFIX = 8;

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | undefined {
  return isIpv4(text) ? BigInt(ipToNumber(text)) : undefined;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.includes(":::")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  let head = groups(halves[0]);
  let tail = halves.length === 2 ? groups(halves[1]) : [];
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  let v4: bigint | undefined;
  if (last?.includes(".")) {
    v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    if (halves.length === 2) tail = tail.slice(0, -1);
    else head = head.slice(0, -1);
  }
  const count = head.length + tail.length + (v4 !== undefined ? 2 : 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...Array(8 - count).fill("0"), ...tail];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return v4 !== undefined ? (n << 32n) | v4 : n;
}

/** Parses `addr/prefix` of either family; undefined unless the address is the block's network address. */
export function parseAnyCidr(text: string): AnyCidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0 || text.indexOf("/", slash + 1) >= 0) return undefined;
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const family: Family = addr.includes(":") ? 6 : 4;
  const network = family === 4 ? parseIpv4(addr) : parseIpv6(addr);
  const prefix = Number(prefixText);
  if (network === undefined || prefix > BITS[family]) return undefined;
  const hostBits = BigInt(BITS[family] - prefix);
  if (network & ((1n << hostBits) - 1n)) return undefined;
  return { text, family, network, prefix };
}

/** Addresses the union of a family's blocks covers. */
function unionSize(blocks: AnyCidr[], family: Family): bigint {
  const ranges = blocks
    .filter((b) => b.family === family)
    .map((b) => [b.network, b.network + (1n << BigInt(BITS[family] - b.prefix))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let total = 0n;
  let end = -1n;
  for (const [from, to] of ranges) {
    const start = from > end ? from : end;
    if (to > start) total += to - start;
    if (to > end) end = to;
  }
  return total;
}

export interface WorldJudgement {
  open: boolean;
  /** Why: the block wider than the minimum, the family the list covers whole, or how much public space it covers. */
  reason?: string;
}

/** Address ranges that are not public internet space (IANA IPv4/IPv6 special-purpose registries, RFC 6890). */
const NOT_PUBLIC_V4 = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
  "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
];
/** IPv6: public is the global unicast space 2000::/3, less its documentation block. */
const PUBLIC_V6 = "2000::/3";
const NOT_PUBLIC_V6 = ["2001:db8::/32"];

type Range = readonly [bigint, bigint];

function rangesOf(blocks: AnyCidr[], family: Family): Range[] {
  return blocks
    .filter((b) => b.family === family)
    .map((b) => [b.network, b.network + (1n << BigInt(BITS[family] - b.prefix))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Merges sorted half-open ranges into disjoint ones. */
function merge(ranges: Range[]): Range[] {
  const out: Array<[bigint, bigint]> = [];
  for (const [from, to] of ranges) {
    const last = out.at(-1);
    if (last && from <= last[1]) { if (to > last[1]) last[1] = to; } else out.push([from, to]);
  }
  return out;
}

function size(ranges: Range[]): bigint {
  return ranges.reduce((n, [a, b]) => n + (b - a), 0n);
}

function intersectSize(a: Range[], b: Range[]): bigint {
  let total = 0n;
  for (const [x0, x1] of a) for (const [y0, y1] of b) {
    const from = x0 > y0 ? x0 : y0;
    const to = x1 < y1 ? x1 : y1;
    if (to > from) total += to - from;
  }
  return total;
}

const parsedAll = (texts: string[]) => texts.map((t) => parseAnyCidr(t)!);

/** How many public addresses of a family the blocks cover (each counted once). */
export function publicAddressCount(blocks: AnyCidr[], family: Family): bigint {
  const covered = merge(rangesOf(blocks, family));
  if (family === 4) return size(covered) - intersectSize(covered, merge(rangesOf(parsedAll(NOT_PUBLIC_V4), 4)));
  const inPublic = intersectSize(covered, rangesOf(parsedAll([PUBLIC_V6]), 6));
  return inPublic - intersectSize(covered, merge(rangesOf(parsedAll(NOT_PUBLIC_V6), 6)));
}

/** The most public addresses an allow-list may cover: one /minimumPrefix block's worth (IPv4), the same share of 2000::/3 (IPv6). */
export function publicAddressLimit(family: Family, minimumPrefix = DEFAULT_MINIMUM_PREFIX): bigint {
  return family === 4 ? 1n << BigInt(32 - minimumPrefix) : 1n << BigInt(125 - minimumPrefix);
}

/** Whether an allow-list opens its port to the world (see the module comment). Unparsable entries are ignored here. */
export function judgeWorld(cidrs: string[], minimumPrefix = DEFAULT_MINIMUM_PREFIX): WorldJudgement {
  const blocks = cidrs.map((c) => parseAnyCidr(c.trim())).filter((b): b is AnyCidr => b !== undefined);
  const wide = blocks.find((b) => b.prefix < minimumPrefix);
  if (wide) return { open: true, reason: `${wide.text} is wider than /${minimumPrefix}` };
  for (const family of [4, 6] as const) {
    if (blocks.some((b) => b.family === family) && unionSize(blocks, family) === 1n << BigInt(BITS[family])) {
      return { open: true, reason: `together they cover every IPv${family} address` };
    }
  }
  for (const family of [4, 6] as const) {
    const covered = publicAddressCount(blocks, family);
    const limit = publicAddressLimit(family, minimumPrefix);
    if (covered > limit) {
      const what = family === 4 ? `a /${minimumPrefix} holds (${limit})` : `a /${minimumPrefix + 3} of IPv6's global unicast space 2000::/3 holds (2^${125 - minimumPrefix})`;
      return { open: true, reason: `together they cover ${covered} public IPv${family} addresses, more than ${what}` };
    }
  }
  return { open: false };
}

export function isWorldCidr(text: string, minimumPrefix = DEFAULT_MINIMUM_PREFIX): boolean {
  return judgeWorld([text], minimumPrefix).open;
}

/** Splits an allow-list into the IPv4 and IPv6 fields of a security group rule. */
export function byFamily(cidrs: string[]): { cidrBlocks: string[]; ipv6CidrBlocks: string[] } {
  return {
    cidrBlocks: cidrs.filter((c) => parseAnyCidr(c)?.family === 4),
    ipv6CidrBlocks: cidrs.filter((c) => parseAnyCidr(c)?.family === 6),
  };
}
