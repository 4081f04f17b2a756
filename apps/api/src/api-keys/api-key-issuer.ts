import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@tongdao/config';
import { ApiKeyEntity } from '@tongdao/database/entities';
import { APP_CONFIG, SecretBox } from '@tongdao/platform';
import { generateApiKey, generateSigningSecret } from '../auth/api-key-format';
import { ApiKeyRepository } from './api-key.repository';

export interface IssueApiKey {
  accountId: string;
  name: string;
  scopes: readonly string[];
  requireSignature: boolean;
}

export interface IssuedApiKey {
  entity: ApiKeyEntity;
  /** Returned to the caller once and never stored. */
  fullKey: string;
  signingSecret: string;
}

const MAX_PREFIX_ATTEMPTS = 5;

/** Creates keys. Also used by provisioning (the demo seed and tests), so it takes no principal. */
@Injectable()
export class ApiKeyIssuer {
  private readonly secrets: SecretBox;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.security.secretsKey, 'api-key-signing-secret');
  }

  async issue(request: IssueApiKey): Promise<IssuedApiKey> {
    for (let attempt = 1; ; attempt += 1) {
      const generated = generateApiKey();
      const signingSecret = generateSigningSecret();
      try {
        const entity = await this.keys.insert({
          id: randomUUID(),
          accountId: request.accountId,
          name: request.name,
          prefix: generated.prefix,
          secretHash: generated.secretHash,
          scopes: [...request.scopes],
          signingSecretEncrypted: this.secrets.seal(signingSecret),
          requireSignature: request.requireSignature,
        });
        return { entity, fullKey: generated.fullKey, signingSecret };
      } catch (error) {
        // A 32-bit prefix can collide; the unique index catches it and we draw again.
        if (!isUniqueViolation(error) || attempt >= MAX_PREFIX_ATTEMPTS) throw error;
      }
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return driverError.code === '23505' || driverError.driverError?.code === '23505';
}
