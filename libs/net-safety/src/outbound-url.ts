import { AddressCategory, classifyAddress } from './address-category';
import { HostAllowList, normalizeHostName } from './host-allow-list';
import { formatIpAddress, parseIpAddress } from './ip-address';

/** Machine-readable reasons an outbound URL or address is refused. */
export type UnsafeUrlReason =
  | 'URL_INVALID'
  | 'URL_SCHEME_NOT_ALLOWED'
  | 'URL_CREDENTIALS_NOT_ALLOWED'
  | 'URL_HOST_LOCALHOST'
  | 'URL_HOST_LOCAL_NAME'
  | 'URL_HOST_METADATA'
  | 'URL_ADDRESS_UNSPECIFIED'
  | 'URL_ADDRESS_LOOPBACK'
  | 'URL_ADDRESS_PRIVATE'
  | 'URL_ADDRESS_LINK_LOCAL'
  | 'URL_ADDRESS_SHARED'
  | 'URL_ADDRESS_METADATA'
  | 'URL_ADDRESS_MULTICAST'
  | 'URL_ADDRESS_BROADCAST'
  | 'URL_ADDRESS_RESERVED';

export interface UnsafeVerdict {
  ok: false;
  reason: UnsafeUrlReason;
  message: string;
}

export type SafetyVerdict = { ok: true } | UnsafeVerdict;

export interface SafeUrl {
  ok: true;
  url: URL;
  /** Host name without brackets, lower case; for an IP literal its canonical form. */
  host: string;
  /** Set when the host is an IP literal: nothing to resolve, it was checked here. */
  address: string | null;
  /** The operator allow-listed this host: its addresses are not checked after resolution. */
  allowListed: boolean;
}

export interface UrlSafetyOptions {
  allowList?: HostAllowList;
  /** Defaults to http and https. */
  schemes?: readonly string[];
}

const ADDRESS_REASONS: Record<Exclude<AddressCategory, 'public'>, UnsafeUrlReason> = {
  unspecified: 'URL_ADDRESS_UNSPECIFIED',
  loopback: 'URL_ADDRESS_LOOPBACK',
  private: 'URL_ADDRESS_PRIVATE',
  'link-local': 'URL_ADDRESS_LINK_LOCAL',
  shared: 'URL_ADDRESS_SHARED',
  metadata: 'URL_ADDRESS_METADATA',
  multicast: 'URL_ADDRESS_MULTICAST',
  broadcast: 'URL_ADDRESS_BROADCAST',
  reserved: 'URL_ADDRESS_RESERVED',
};

const ADDRESS_WORDS: Record<Exclude<AddressCategory, 'public'>, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address',
  shared: 'a carrier-grade NAT (shared) address',
  metadata: 'a cloud metadata service address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved, non-routable address',
};

/** Names that only ever mean this machine, a private network, or a cloud metadata service. */
const LOCAL_SUFFIXES = ['.local', '.localdomain', '.internal', '.intranet', '.lan', '.home.arpa', '.corp'];
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.tencentyun.com']);

/**
 * Whether the server may send a request to `text` (a webhook or callback URL), before any DNS lookup: http(s)
 * only, no credentials, and a host that is neither a local name nor a non-public address in any spelling (the
 * WHATWG parser turns `0x7f.1` or `2130706433` into 127.0.0.1 first). A name that passes must be checked again
 * after resolution with checkResolvedAddress, on the very address the connection then uses.
 */
export function checkOutboundUrl(text: string, options: UrlSafetyOptions = {}): SafeUrl | UnsafeVerdict {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('URL_INVALID', 'is not an absolute URL');
  }
  const schemes = options.schemes ?? ['http', 'https'];
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme))
    return refuse('URL_SCHEME_NOT_ALLOWED', `must use ${schemes.join(' or ')}, not ${scheme}`);
  if (url.username !== '' || url.password !== '')
    return refuse('URL_CREDENTIALS_NOT_ALLOWED', 'must not carry a user name or password');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') return refuse('URL_INVALID', 'has no host');
  const allowListed = options.allowList?.allowsHost(host) ?? false;
  const address = parseIpAddress(host);
  if (!allowListed) {
    const verdict = address ? checkResolvedAddress(host) : checkHostName(host);
    if (!verdict.ok) return verdict;
  }
  return {
    ok: true,
    url,
    host: address ? formatIpAddress(address) : normalizeHostName(host),
    address: address ? formatIpAddress(address) : null,
    allowListed,
  };
}

/**
 * The check after DNS: `address` is what `host` resolved to. An allow-listed host may resolve anywhere; so may
 * any name whose resolved address is itself allow-listed.
 */
export function checkResolvedAddress(
  address: string,
  options: { host?: string; allowList?: HostAllowList } = {},
): SafetyVerdict {
  const parsed = parseIpAddress(address);
  if (!parsed) return refuse('URL_INVALID', `resolved to "${address}", which is not an IP address`);
  if (options.allowList && options.host && options.allowList.allowsHost(options.host)) return { ok: true };
  if (options.allowList?.allowsAddress(parsed)) return { ok: true };
  const { category, via } = classifyAddress(parsed);
  if (category === 'public') return { ok: true };
  const carried = via ? ` (it carries the IPv4 address ${via})` : '';
  return refuse(
    ADDRESS_REASONS[category],
    `points at ${formatIpAddress(parsed)}, ${ADDRESS_WORDS[category]}${carried}`,
  );
}

function checkHostName(host: string): SafetyVerdict {
  const name = normalizeHostName(host);
  if (name === 'localhost' || name.endsWith('.localhost'))
    return refuse('URL_HOST_LOCALHOST', `points at ${name}, which is this machine`);
  if (METADATA_NAMES.has(name))
    return refuse('URL_HOST_METADATA', `points at ${name}, a cloud metadata service`);
  if (!name.includes('.') || LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix)))
    return refuse(
      'URL_HOST_LOCAL_NAME',
      `points at ${name}, a name that only resolves inside a private network`,
    );
  return { ok: true };
}

function refuse(reason: UnsafeUrlReason, message: string): UnsafeVerdict {
  return { ok: false, reason, message };
}
