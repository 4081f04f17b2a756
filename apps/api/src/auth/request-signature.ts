import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = {
  timestamp: 'x-tongdao-timestamp',
  nonce: 'x-tongdao-nonce',
  signature: 'x-tongdao-signature',
} as const;

export interface SignedRequestParts {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/messages?status=QUEUED`. */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: Buffer;
}

/** `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nSHA256_HEX(body)`: what the client signs. */
export function canonicalRequest(parts: SignedRequestParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return [parts.method.toUpperCase(), parts.pathWithQuery, parts.timestamp, parts.nonce, bodyHash].join('\n');
}

export function signRequest(signingSecret: string, parts: SignedRequestParts): string {
  return createHmac('sha256', signingSecret).update(canonicalRequest(parts)).digest('hex');
}

export function signatureMatches(
  signingSecret: string,
  parts: SignedRequestParts,
  presented: string,
): boolean {
  if (!/^[0-9a-f]{64}$/i.test(presented)) return false;
  const expected = Buffer.from(signRequest(signingSecret, parts), 'hex');
  return timingSafeEqual(expected, Buffer.from(presented, 'hex'));
}
