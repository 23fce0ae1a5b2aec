/**
 * IPv4 and IPv6 CIDR blocks, parsed properly (no string compares), and the one judgement both the
 * config validation and the policy pack make of an allow-list: is it open to the world? A list is, when
 * the union of its blocks covers a whole address family, or when any block is wider than the minimum
 * prefix (default /8): `0.0.0.0/1` + `128.0.0.0/1`, `0::/0` and `0:0:0:0:0:0:0:0/0` all count.
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
  /** Why: the block wider than the minimum, or the family the list covers whole. */
  reason?: string;
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
