/** IPv4 addresses and CIDR blocks as numbers: the arithmetic every address planner needs. */

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

export interface Cidr {
  /** The CIDR as written, e.g. `10.0.1.0/24`. */
  text: string;
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
  /** Number of addresses in the block. */
  size: number;
}

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function ipToNumber(ip: string): number {
  const parts = ip.split(".").map(Number);
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Parses `a.b.c.d/p`; undefined unless the address is the network address of the block. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, prefixText, ...rest] = text.split("/");
  if (rest.length || !isIpv4(ip) || !/^\d{1,2}$/.test(prefixText ?? "")) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = ipToNumber(ip);
  if (network % size !== 0) return undefined;
  return { text, network, prefix, size };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const n = ipToNumber(ip);
  return n >= cidr.network && n < cidr.network + cidr.size;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}
