import { isIPv4, isIPv6 } from 'node:net';

/**
 * The stored form of a visitor's address: IPv4 truncated to its /24, IPv6 to its /48 (`203.0.113.0/24`,
 * `2001:db8:1::/48`), enough for region and network statistics and not enough to single out a subscriber.
 * An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, as node reports IPv4 clients on dual-stack sockets) is IPv4.
 * Null for anything that is not an address.
 */
export function truncateIp(address: string | null | undefined): string | null {
  if (!address) return null;
  const ipv4 = toIpv4(address);
  if (ipv4) {
    const octets = ipv4.split('.');
    return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
  }
  if (!isIPv6(address)) return null;
  const groups = expandIpv6(address);
  return `${groups
    .slice(0, 3)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/48`;
}

/** The dotted IPv4 form of `address` (plain or IPv4-mapped IPv6), or null. */
export function toIpv4(address: string): string | null {
  if (isIPv4(address)) return address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped && isIPv4(mapped[1]!) ? mapped[1]! : null;
}

/** Eight 4-digit hex groups; assumes `address` passed isIPv6. */
export function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  const groups = rest === undefined ? left : [...left, ...new Array<string>(missing).fill('0'), ...right];
  return groups.map((group) => group.padStart(4, '0'));
}
