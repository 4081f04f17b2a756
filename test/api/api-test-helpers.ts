import { randomBytes } from 'node:crypto';
import { signRequest } from '../../apps/api/src/auth/request-signature';

export function bearer(key: string): { Authorization: string } {
  return { Authorization: `Bearer ${key}` };
}

export interface SignOptions {
  method: string;
  pathWithQuery: string;
  body?: string;
  timestamp?: number;
  nonce?: string;
}

/** The three signing headers a client computes for a request. */
export function signedHeaders(signingSecret: string, options: SignOptions): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signature = signRequest(signingSecret, {
    method: options.method,
    pathWithQuery: options.pathWithQuery,
    timestamp,
    nonce,
    body: Buffer.from(options.body ?? '', 'utf8'),
  });
  return { 'X-Tongdao-Timestamp': timestamp, 'X-Tongdao-Nonce': nonce, 'X-Tongdao-Signature': signature };
}

let phoneCounter = 0;

/** A distinct, valid China Mobile number per call within a test file. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `138${String(10_000_000 + phoneCounter).slice(-8)}`;
}
