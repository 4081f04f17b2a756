import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AccountsService } from '../accounts/accounts.service';
import { AuditTrail } from '../audit/audit-trail';
import { ApiKeyCache } from '../auth/api-key-cache';
import { Principal } from '../auth/principal';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyIssuer } from './api-key-issuer';
import { ApiKeyList, ApiKeyView, CreatedApiKeyView } from './api-key.view';
import { CreateApiKeyDto } from './create-api-key.dto';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly keys: ApiKeyRepository,
    private readonly issuer: ApiKeyIssuer,
    private readonly cache: ApiKeyCache,
    private readonly audit: AuditTrail,
  ) {}

  async create(principal: Principal, accountId: string, dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    const account = await this.accounts.require(principal, accountId);
    const scopes = dto.scopes ?? [...principal.scopes];
    const beyond = scopes.filter((scope) => !principal.scopes.has(scope));
    if (beyond.length > 0) {
      throw new DomainException(
        ErrorCode.InsufficientScope,
        `Cannot grant scopes the calling key lacks: ${beyond.join(', ')}`,
        'scopes',
      );
    }
    const issued = await this.issuer.issue({
      accountId: account.id,
      name: dto.name,
      scopes,
      requireSignature: dto.require_signature ?? false,
    });
    const view = ApiKeyView.of(issued.entity);
    this.audit.record('api_key', view.id, null, view, account);
    return { ...view, key: issued.fullKey, signing_secret: issued.signingSecret };
  }

  async list(principal: Principal, accountId: string): Promise<ApiKeyList> {
    const account = await this.accounts.require(principal, accountId);
    return { data: (await this.keys.listForAccount(account.id)).map((key) => ApiKeyView.of(key)) };
  }

  async revoke(principal: Principal, accountId: string, keyId: string): Promise<ApiKeyView> {
    const account = await this.accounts.require(principal, accountId);
    const key = await this.keys.findForAccount(account.id, keyId);
    if (!key) throw new DomainException(ErrorCode.NotFound, 'API key not found', 'key_id');
    await this.keys.revoke(account.id, key.id);
    await this.cache.invalidate([key.prefix]);
    const revoked = ApiKeyView.of((await this.keys.findForAccount(account.id, keyId)) ?? key);
    this.audit.record('api_key', key.id, ApiKeyView.of(key), revoked, account);
    return revoked;
  }
}
