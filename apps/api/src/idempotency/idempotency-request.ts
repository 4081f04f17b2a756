import { createHash } from 'node:crypto';
import { DomainException, ErrorCode } from '@tongdao/platform';

/** The `Idempotency-Key` of a request together with a fingerprint of what was asked. */
export interface IdempotencyRequest {
  key: string;
  requestHash: Buffer;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Null when the client sent no key. The fingerprint covers the route and the exact body bytes. */
export function idempotencyRequest(
  header: string | undefined,
  route: string,
  body: Buffer,
): IdempotencyRequest | null {
  if (header === undefined) return null;
  if (!KEY_PATTERN.test(header)) {
    throw new DomainException(
      ErrorCode.IdempotencyKeyInvalid,
      'Idempotency-Key must be 1-255 printable ASCII characters',
      'Idempotency-Key',
    );
  }
  const requestHash = createHash('sha256').update(route).update('\n').update(body).digest();
  return { key: header, requestHash };
}

export function keyReused(): DomainException {
  return new DomainException(
    ErrorCode.IdempotencyKeyReused,
    'This Idempotency-Key was already used with a different request',
    'Idempotency-Key',
  );
}
