import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { HostAllowList } from './host-allow-list';
import { checkResolvedAddress, UnsafeUrlReason } from './outbound-url';

/** A connection was refused because every address the host resolved to is unsafe. */
export class UnsafeAddressError extends Error {
  readonly code = 'EUNSAFEADDRESS';
  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
  ) {
    super(message);
    this.name = 'UnsafeAddressError';
  }
}

/** Resolves a host to all its addresses (node's dns.lookup shape); replaceable for tests. */
export type DnsResolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export const systemDnsResolver: DnsResolver = (hostname, callback) =>
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => callback(error, addresses ?? []));

/**
 * A `lookup` for http(s).request / net.connect that resolves the host, checks every address, and hands the socket
 * only an address that passed. The connection therefore goes to exactly the address that was checked: a DNS
 * answer that changes between a check and the connect (rebinding) cannot slip a private address through.
 */
export function createSafeLookup(
  allowList?: HostAllowList,
  resolve: DnsResolver = systemDnsResolver,
): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error);
      let refusal: UnsafeAddressError | null = null;
      const safe = addresses.filter((entry) => {
        const verdict = checkResolvedAddress(entry.address, { host: hostname, allowList });
        if (!verdict.ok) refusal ??= new UnsafeAddressError(verdict.reason, `${hostname} ${verdict.message}`);
        return verdict.ok;
      });
      if (safe.length === 0)
        return callback(
          refusal ?? Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
        );
      if (options?.all) return callback(null, safe);
      return callback(null, safe[0]!.address, safe[0]!.family);
    });
  }) as LookupFunction;
}

/** Every address of `hostname` after the same checks (used when a URL is registered). */
export function resolveSafely(
  hostname: string,
  allowList?: HostAllowList,
  resolve: DnsResolver = systemDnsResolver,
): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    createSafeLookup(allowList, resolve)(hostname, { all: true }, ((
      error: Error | null,
      addresses: LookupAddress[],
    ) => (error ? reject(error) : resolvePromise(addresses.map((entry) => entry.address)))) as never);
  });
}
