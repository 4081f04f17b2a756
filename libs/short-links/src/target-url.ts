import { parseIpAddress } from '@tongdao/net-safety';

export const TARGET_URL_MAX_LENGTH = 2048;

export type TargetUrlProblem =
  | 'TARGET_URL_INVALID'
  | 'TARGET_URL_TOO_LONG'
  | 'TARGET_URL_CONTROL_CHARACTERS'
  | 'TARGET_URL_SCHEME_NOT_ALLOWED'
  | 'TARGET_URL_CREDENTIALS_NOT_ALLOWED'
  | 'TARGET_URL_HOST_INVALID';

export type TargetUrlVerdict =
  { ok: true; url: string; host: string } | { ok: false; problem: TargetUrlProblem; message: string };

/**
 * C0/C1 controls, whitespace, and the invisible formatting characters (bidi overrides, zero-width marks) that
 * make a link read differently from where it goes. A real URL carries them percent-encoded.
 */
const FORBIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\ufeff]/u;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Whether `text` may be a short link's target: an absolute http(s) URL with a real host name (or IP address), no
 * user name or password, no control or invisible characters, at most 2,048 characters. `javascript:`, `data:`,
 * `file:`, `vbscript:` and every other scheme are refused before the URL is even parsed, so no parser quirk
 * (`java\tscript:`, upper case, leading blanks) lets one through. Returns the parser's normalised form.
 */
export function checkTargetUrl(text: unknown): TargetUrlVerdict {
  if (typeof text !== 'string' || text.length === 0)
    return refuse('TARGET_URL_INVALID', 'must be an absolute http or https URL');
  if (text.length > TARGET_URL_MAX_LENGTH)
    return refuse('TARGET_URL_TOO_LONG', `must be at most ${TARGET_URL_MAX_LENGTH} characters`);
  if (FORBIDDEN_CHARACTERS.test(text))
    return refuse(
      'TARGET_URL_CONTROL_CHARACTERS',
      'must not contain spaces, control or invisible characters (percent-encode them)',
    );
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return refuse(
      scheme ? 'TARGET_URL_SCHEME_NOT_ALLOWED' : 'TARGET_URL_INVALID',
      scheme
        ? `scheme ${scheme}: is not allowed; use http or https`
        : 'must be an absolute http or https URL',
    );
  if (!text.slice(scheme.length + 1).startsWith('//'))
    return refuse('TARGET_URL_INVALID', 'must be an absolute http or https URL (scheme://host/…)');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('TARGET_URL_INVALID', 'is not a valid URL');
  }
  if (url.username !== '' || url.password !== '' || /^[^/?#]*@/.test(text.slice(scheme.length + 3)))
    return refuse('TARGET_URL_CREDENTIALS_NOT_ALLOWED', 'must not carry a user name or password');
  const host = url.hostname;
  if (!isValidHost(host))
    return refuse(
      'TARGET_URL_HOST_INVALID',
      `host ${JSON.stringify(host)} is not a public host name or address`,
    );
  if (url.href.length > TARGET_URL_MAX_LENGTH)
    return refuse(
      'TARGET_URL_TOO_LONG',
      `must be at most ${TARGET_URL_MAX_LENGTH} characters once normalised`,
    );
  return { ok: true, url: url.href, host };
}

/** A dotted DNS name with a plausible top-level label (after IDNA), or an IPv4/IPv6 literal. */
export function isValidHost(host: string): boolean {
  if (host.startsWith('[') && host.endsWith(']')) return parseIpAddress(host.slice(1, -1)) !== null;
  if (/^[0-9.]+$/.test(host)) return parseIpAddress(host) !== null;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]!);
}

/** A host a customer may register as a short domain: a dotted DNS name, lower case, no port, no IP. */
export function shortDomainHostProblem(host: string): string | null {
  if (host !== host.toLowerCase()) return 'must be lower case';
  if (host.endsWith('.')) return 'must not end with a dot';
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return 'must be a host name, not an address or host:port';
  return isValidHost(host) ? null : 'must be a host name such as t.brand.cn';
}

function refuse(problem: TargetUrlProblem, message: string): TargetUrlVerdict {
  return { ok: false, problem, message };
}
