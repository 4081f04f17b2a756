import { isIPv4, isIPv6 } from 'node:net';

/** One allow-list entry: an IPv4 or IPv6 network. */
export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

export class CidrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CidrError';
  }
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Parses `203.0.113.0/24`, `2001:db8::/32`, or a bare address (a /32 or /128). Host bits beyond the prefix are
 * refused rather than silently cleared: `10.1.2.3/8` is more likely a typo than a wish to allow all of 10/8.
 */
export function parseCidr(text: string): Cidr {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const parsed = parseAddress(address);
  if (!parsed) throw new CidrError(`'${text}' is not an IPv4 or IPv6 address or network`);
  // An IPv4-mapped IPv6 network (::ffff:192.0.2.0/120) is the IPv4 network it maps.
  const mapped = parsed.family === 4 && isIPv6(address) ? 96 : 0;
  const bits = BITS[parsed.family] + mapped;
  let prefix = bits - mapped;
  if (slash !== -1) {
    const prefixText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits || Number(prefixText) < mapped)
      throw new CidrError(`'${text}' has an invalid prefix length (${mapped}-${bits})`);
    prefix = Number(prefixText) - mapped;
  }
  if ((parsed.value & hostMask(parsed.family, prefix)) !== 0n)
    throw new CidrError(
      `'${text}' has host bits set; use ${formatCidr({ ...parsed, network: parsed.value & ~hostMask(parsed.family, prefix), prefix })}`,
    );
  return { family: parsed.family, network: parsed.value, prefix };
}

/** The canonical text of a network (`2001:db8::/32`, `203.0.113.7/32`). */
export function formatCidr(cidr: Cidr): string {
  return `${cidr.family === 4 ? formatV4(cidr.network) : formatV6(cidr.network)}/${cidr.prefix}`;
}

/**
 * An address as a number. IPv4-mapped IPv6 (`::ffff:192.0.2.1`, as Node reports IPv4 clients on a dual-stack
 * socket) counts as the IPv4 address, and a zone (`fe80::1%eth0`) is ignored.
 */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const address = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (isIPv4(address)) return { family: 4, value: v4ToBigInt(address) };
  if (!isIPv6(address)) return null;
  const value = v6ToBigInt(address);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

export function cidrContains(cidr: Cidr, address: { family: 4 | 6; value: bigint }): boolean {
  if (cidr.family !== address.family) return false;
  return (address.value & ~hostMask(cidr.family, cidr.prefix)) === cidr.network;
}

function hostMask(family: 4 | 6, prefix: number): bigint {
  const hostBits = BigInt(BITS[family] - prefix);
  return (1n << hostBits) - 1n;
}

function v4ToBigInt(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function v6ToBigInt(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = v4ToBigInt(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    rest === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function formatV6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength && end - start > 1) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
