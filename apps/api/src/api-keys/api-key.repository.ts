import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity } from '@tongdao/database/entities';

/** API keys of one account; callers pass an account id already checked to be within their scope. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: Omit<ApiKeyEntity, 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKeyEntity> {
    const entity = this.dataSource.manager.create(ApiKeyEntity, {
      ...key,
      lastUsedAt: null,
      revokedAt: null,
    });
    return this.dataSource.manager.save(entity);
  }

  async listForAccount(accountId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager.find(ApiKeyEntity, { where: { accountId }, order: { createdAt: 'DESC' } });
  }

  async findForAccount(accountId: string, keyId: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.manager.findOne(ApiKeyEntity, { where: { accountId, id: keyId } });
  }

  async revoke(accountId: string, keyId: string): Promise<void> {
    await this.dataSource.manager.update(
      ApiKeyEntity,
      { accountId, id: keyId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }
}
