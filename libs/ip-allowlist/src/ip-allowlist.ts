import { Cidr, CidrError, cidrContains, formatCidr, parseAddress, parseCidr } from './cidr';

/** At most this many networks per account: a list is checked on every request. */
export const MAX_ALLOWLIST_ENTRIES = 100;

/**
 * The networks an account's keys may call from. An empty list allows every address. Checked on every
 * authenticated request, so it is compiled once and then only compares numbers.
 */
export class IpAllowlist {
  private constructor(private readonly networks: readonly Cidr[]) {}

  static compile(entries: readonly string[]): IpAllowlist {
    return new IpAllowlist(entries.map((entry) => parseCidr(entry)));
  }

  get isOpen(): boolean {
    return this.networks.length === 0;
  }

  allows(address: string | undefined): boolean {
    if (this.isOpen) return true;
    if (!address) return false;
    const parsed = parseAddress(address);
    return parsed !== null && this.networks.some((network) => cidrContains(network, parsed));
  }
}

export interface AllowlistProblem {
  index: number;
  message: string;
}

/** Validates and canonicalises a list as given by a user; reports the first bad entry with its position. */
export function normalizeAllowlist(
  entries: readonly string[],
): { ok: true; entries: string[] } | { ok: false; problem: AllowlistProblem } {
  if (entries.length > MAX_ALLOWLIST_ENTRIES)
    return {
      ok: false,
      problem: { index: MAX_ALLOWLIST_ENTRIES, message: `at most ${MAX_ALLOWLIST_ENTRIES} entries` },
    };
  const normalized: string[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      const canonical = formatCidr(parseCidr(entry));
      if (!normalized.includes(canonical)) normalized.push(canonical);
    } catch (error) {
      if (error instanceof CidrError) return { ok: false, problem: { index, message: error.message } };
      throw error;
    }
  }
  return { ok: true, entries: normalized };
}
