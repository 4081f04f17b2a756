import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, DomainException, ErrorCode, REDIS, SecretBox } from '@tongdao/platform';
import { ApiKeyRecord } from './api-key-record';
import { SIGNATURE_HEADERS, SignedRequestParts, signatureMatches } from './request-signature';

export interface IncomingSignedRequest {
  method: string;
  pathWithQuery: string;
  body: Buffer;
  header(name: string): string | undefined;
}

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** Optional HMAC request signing: freshness (timestamp), single use (nonce) and integrity (HMAC). */
@Injectable()
export class RequestSignatureVerifier {
  private readonly secrets: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.secrets = new SecretBox(config.security.secretsKey, 'api-key-signing-secret');
  }

  isSigned(request: IncomingSignedRequest): boolean {
    return Object.values(SIGNATURE_HEADERS).some((name) => request.header(name) !== undefined);
  }

  async verify(request: IncomingSignedRequest, key: ApiKeyRecord, nowMs: number = Date.now()): Promise<void> {
    const timestamp = required(request, SIGNATURE_HEADERS.timestamp);
    const nonce = required(request, SIGNATURE_HEADERS.nonce);
    const signature = required(request, SIGNATURE_HEADERS.signature);
    this.checkFreshness(timestamp, nowMs);
    if (!NONCE_PATTERN.test(nonce)) {
      throw new DomainException(
        ErrorCode.SignatureInvalid,
        'Nonce must be 16-128 characters [A-Za-z0-9_-]',
        'X-Tongdao-Nonce',
      );
    }
    const parts: SignedRequestParts = {
      method: request.method,
      pathWithQuery: request.pathWithQuery,
      timestamp,
      nonce,
      body: request.body,
    };
    if (!signatureMatches(this.secrets.open(key.signingSecretEncrypted), parts, signature)) {
      throw new DomainException(
        ErrorCode.SignatureInvalid,
        'Request signature does not match',
        'X-Tongdao-Signature',
      );
    }
    await this.consumeNonce(key.id, nonce);
  }

  private checkFreshness(timestamp: string, nowMs: number): void {
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw new DomainException(
        ErrorCode.SignatureInvalid,
        'Timestamp must be Unix seconds',
        'X-Tongdao-Timestamp',
      );
    }
    const skewSeconds = Math.abs(nowMs / 1000 - Number(timestamp));
    if (skewSeconds > this.config.security.signatureMaxSkewSeconds) {
      throw new DomainException(
        ErrorCode.SignatureExpired,
        `Timestamp is more than ${this.config.security.signatureMaxSkewSeconds} s away from server time`,
        'X-Tongdao-Timestamp',
      );
    }
  }

  /** The nonce lives at least as long as a timestamp stays acceptable, so a replay is always caught. */
  private async consumeNonce(keyId: string, nonce: string): Promise<void> {
    const ttl = Math.max(
      this.config.security.nonceTtlSeconds,
      2 * this.config.security.signatureMaxSkewSeconds,
    );
    const stored = await this.redis.set(`nonce:${keyId}:${nonce}`, '1', 'EX', ttl, 'NX');
    if (stored !== 'OK')
      throw new DomainException(
        ErrorCode.NonceReplayed,
        'This nonce has already been used',
        'X-Tongdao-Nonce',
      );
  }
}

function required(request: IncomingSignedRequest, header: string): string {
  const value = request.header(header);
  if (!value) {
    // Header names are case-insensitive; errors spell them as the documentation does (X-Tongdao-Signature).
    const name = header.replace(
      /(^|-)([a-z])/g,
      (_, dash: string, letter: string) => dash + letter.toUpperCase(),
    );
    throw new DomainException(ErrorCode.SignatureRequired, `Signed requests need the ${name} header`, name);
  }
  return value;
}
