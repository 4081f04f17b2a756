import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^(td_live_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** Visible, stored in clear, used to find the key: `td_live_ab12cd34`. */
  prefix: string;
  /** The whole key, shown to the user exactly once. */
  fullKey: string;
  secretHash: Buffer;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = `td_live_${randomBytes(4).toString('hex')}`;
  const fullKey = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { prefix, fullKey, secretHash: hashApiKey(fullKey) };
}

/** Returns the prefix of a well-formed key, or null for anything else. */
export function apiKeyPrefix(candidate: string): string | null {
  return KEY_PATTERN.exec(candidate)?.[1] ?? null;
}

/**
 * A plain SHA-256 is enough here, unlike for passwords: the key carries 256 random bits, so there is nothing to
 * brute-force, and a slow hash (bcrypt/scrypt) would cost milliseconds of CPU on every API request.
 */
export function hashApiKey(fullKey: string): Buffer {
  return createHash('sha256').update(fullKey, 'utf8').digest();
}

export function apiKeyMatches(fullKey: string, storedHash: Buffer): boolean {
  const candidate = hashApiKey(fullKey);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

export function generateSigningSecret(): string {
  return `tds_${randomBytes(32).toString('base64url')}`;
}
