import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccountEntity } from '@tongdao/database/entities';
import { ApiKeyIssuer, IssuedApiKey } from '../api-keys/api-key-issuer';
import { ALL_SCOPES } from '../auth/scope';
import { AccountRepository } from './account.repository';

export interface ProvisionedOperator {
  account: AccountEntity;
  /** Present only when the operator was created by this call: the one chance to show its key. */
  key: IssuedApiKey | null;
}

/**
 * Bootstraps an installation: the operator account (root of the tree) and its first all-scopes key. Used by the
 * embedded demo seed and by tests; there is deliberately no HTTP route for it.
 */
@Injectable()
export class AccountProvisioning {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly issuer: ApiKeyIssuer,
  ) {}

  async ensureOperator(name: string): Promise<ProvisionedOperator> {
    const existing = await this.accounts.findOperator();
    if (existing) return { account: existing, key: null };
    const account = await this.accounts.createOperator(randomUUID(), name);
    const key = await this.issuer.issue({
      accountId: account.id,
      name: 'operator bootstrap key',
      scopes: ALL_SCOPES,
      requireSignature: false,
    });
    return { account, key };
  }
}
