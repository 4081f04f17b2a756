import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a number: IPv4 in 32 bits, IPv6 in 128. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** Parses a textual IPv4 or IPv6 address (no brackets, no zone); null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  const candidate = text.trim();
  if (isIPv4(candidate)) return { version: 4, value: BigInt(ipv4ToNumber(candidate)) };
  if (isIPv6(candidate)) return { version: 6, value: ipv6ToBigInt(candidate) };
  return null;
}

export function formatIpAddress(address: IpAddress): string {
  if (address.version === 4) return numberToIpv4(Number(address.value));
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((address.value >> shift) & 0xffffn).toString(16));
  return compressIpv6(groups);
}

function ipv4ToNumber(dotted: string): number {
  return dotted.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function ipv6ToBigInt(text: string): bigint {
  let address = text.toLowerCase();
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded dotted quad (::ffff:127.0.0.1) is the last two groups.
    const v4 = ipv4ToNumber(tail);
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [left, right] = address.includes('::') ? address.split('::') : [address, null];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const groups =
    right === null
      ? leftGroups
      : [
          ...leftGroups,
          ...Array<string>(8 - leftGroups.length - rightGroups.length).fill('0'),
          ...rightGroups,
        ];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < groups.length;) {
    if (groups[start] !== '0') {
      start += 1;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === '0') end += 1;
    if (end - start > bestLength && end - start > 1) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
