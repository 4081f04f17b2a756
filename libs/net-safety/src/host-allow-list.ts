import { IpAddress, parseIpAddress } from './ip-address';

interface AddressBlock {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

/**
 * Operator exceptions to the unsafe-target rules: host names (exact, case-insensitive), IP addresses and CIDR
 * blocks (`10.20.0.0/16`, `fd00:1::/64`). For internal receivers and for test peers on loopback.
 */
export class HostAllowList {
  private readonly names = new Set<string>();
  private readonly blocks: AddressBlock[] = [];

  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const problem = allowListEntryProblem(entry);
      if (problem) throw new RangeError(problem);
      const block = parseBlock(entry.trim());
      if (block) this.blocks.push(block);
      else this.names.add(normalizeHostName(entry));
    }
  }

  get isEmpty(): boolean {
    return this.names.size === 0 && this.blocks.length === 0;
  }

  /** A host name listed by name, or an IP literal inside a listed block. */
  allowsHost(host: string): boolean {
    const address = parseIpAddress(stripBrackets(host));
    if (address) return this.allowsAddress(address);
    return this.names.has(normalizeHostName(host));
  }

  allowsAddress(address: IpAddress): boolean {
    return this.blocks.some((block) => {
      if (block.version !== address.version) return false;
      const shift = BigInt((block.version === 4 ? 32 : 128) - block.bits);
      return address.value >> shift === block.base >> shift;
    });
  }
}

/** Null when the entry is a usable host name, address or CIDR block; otherwise what is wrong with it. */
export function allowListEntryProblem(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed === '') return 'an allow-list entry is empty';
  if (trimmed.includes('/')) return parseBlock(trimmed) ? null : `"${entry}" is not a valid CIDR block`;
  if (parseIpAddress(stripBrackets(trimmed))) return null;
  return /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/.test(trimmed)
    ? null
    : `"${entry}" is not a host name, an IP address or a CIDR block`;
}

function parseBlock(entry: string): AddressBlock | null {
  const parts = entry.split('/');
  if (parts.length > 2) return null;
  const address = parseIpAddress(stripBrackets(parts[0]!));
  if (!address) return null;
  const width = address.version === 4 ? 32 : 128;
  if (parts[1] !== undefined && !/^\d{1,3}$/.test(parts[1])) return null;
  const bits = parts[1] === undefined ? width : Number(parts[1]);
  if (bits > width) return null;
  return { version: address.version, base: address.value, bits };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function normalizeHostName(host: string): string {
  const lower = host.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
