import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tongdao-Signature';
export const TIMESTAMP_HEADER = 'X-Tongdao-Timestamp';
export const DELIVERY_HEADER = 'X-Tongdao-Delivery';
export const EVENT_HEADER = 'X-Tongdao-Event';
/** Receivers should refuse deliveries whose timestamp is further than this from their clock. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** Hex HMAC-SHA256 of `${timestamp}.${body}` under the account's webhook signing secret. */
export function signWebhookBody(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The signature header: `v1=<hex>`, one per secret that is valid now (during a secret rotation the new and the
 * previous secret both sign, so receivers can switch at their own pace).
 */
export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string | Buffer,
): string {
  return secrets.map((secret) => `v1=${signWebhookBody(secret, timestamp, body)}`).join(',');
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed_timestamp' | 'stale_timestamp' | 'mismatch' };

export interface SignatureCheckInput {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string | Buffer;
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** The receiver's side (documented in the README; tests and the demo receiver use it). */
export function verifyWebhookSignature(input: SignatureCheckInput): SignatureCheck {
  if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  const timestamp = Number(input.timestamp);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS))
    return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body), 'hex');
  const matches = input.signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'hex'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? { ok: true } : { ok: false, reason: 'mismatch' };
}
