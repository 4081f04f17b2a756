import { IncomingMessage, ServerResponse } from 'node:http';
import { maskPhone } from '@tongdao/phone';
/**
 * Phone numbers are personal data: anything written to a log goes through these.
 * Matches mainland mobiles (optionally +86/0086/86-prefixed) and E.164 numbers inside free text.
 */
const PHONE_PATTERN =
  /(?<![\d])(\+|00)?(86)?(1[3-9]\d)(\d{4})(\d{4})(?![\d])|(?<![\d])\+(\d{1,4})(\d{3,6})(\d{4})(?![\d])/g;

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_PATTERN, (match, intl, cc, head, _middle, tail, e164Cc, e164Body, e164Tail) => {
    if (head) return `${intl ?? ''}${cc ?? ''}${head}****${tail}`;
    if (e164Cc) return `+${e164Cc}${'*'.repeat(String(e164Body).length)}${e164Tail}`;
    return match;
  });
}

const MAX_DEPTH = 6;
/** A value that is a phone number written with separators (`138 0013 8000`, `+86-138-0013-8000`). */
const SEPARATED_NUMBER = /^\+?[\d\s\-.()\u3000]{7,}$/;
const SEPARATORS = /[\s\-.()\u3000]/g;

/** One URL component (a path segment or query value), decoded: phone numbers masked in any spelling. */
function maskPhonesInComponent(text: string): string {
  const masked = maskPhonesInText(text);
  if (masked !== text || !SEPARATED_NUMBER.test(text)) return masked;
  const compact = text.replace(SEPARATORS, '');
  return /\d{7,}/.test(compact) ? maskPhone(compact) : masked;
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return component;
  }
}

/**
 * A request URL fit for a log line: every path segment and query value decoded and its phone numbers masked
 * (`/v1/messages?phone=%2B86%20138%200013%208000` → `/v1/messages?phone=%2B86138****8000`), however written.
 */
export function maskPhonesInUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const maskedPath = path
    .split('/')
    .map((segment) => {
      const decoded = decode(segment);
      const masked = maskPhonesInComponent(decoded);
      return masked === decoded ? segment : encodeURIComponent(masked).replace(/%2A/gi, '*');
    })
    .join('/');
  if (queryAt < 0) return maskedPath;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      const decoded = decode(value);
      const masked = maskPhonesInComponent(decoded);
      const maskedName = maskPhonesInComponent(decode(name));
      const nameOut = maskedName === decode(name) ? name : encodeURIComponent(maskedName);
      if (masked === decoded) return equals < 0 ? nameOut : `${nameOut}=${value}`;
      return `${nameOut}=${encodeURIComponent(masked).replace(/%2A/gi, '*')}`;
    })
    .join('&');
  return `${maskedPath}?${query}`;
}

export function maskPhonesDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskPhonesInText(value) as T;
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  // pino-http's own serializers read these (res.headersSent, req.url); a plain copy would log a null status.
  if (value instanceof IncomingMessage || value instanceof ServerResponse) return value;
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => maskPhonesDeep(item, depth + 1)) as T;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    masked[key] = maskPhonesDeep(item, depth + 1);
  return masked as T;
}
