import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TemplateEntity, TemplateReviewStatus } from '@tongdao/database/entities';
import { AccountScope, pathIds } from '../common/account-scope';
import { decidePendingReview } from '../common/decide-pending-review';

export interface ScopedTemplate {
  template: TemplateEntity;
  ownerPath: string;
}

export interface TemplateReview {
  status: Exclude<TemplateReviewStatus, 'submitted'>;
  reviewerAccountId: string;
  reason: string | null;
}

/** Templates, always read through the caller's scope. */
@Injectable()
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    template: Pick<TemplateEntity, 'id' | 'accountId' | 'name' | 'kind' | 'body' | 'variables'> &
      Partial<Pick<TemplateEntity, 'variableTypes'>>,
  ): Promise<TemplateEntity> {
    const entity = this.dataSource.manager.create(TemplateEntity, {
      ...template,
      status: 'submitted',
      reviewerAccountId: null,
      reason: null,
      reviewedAt: null,
    });
    return this.dataSource.manager.save(entity);
  }

  async findInScope(scope: AccountScope, id: string): Promise<ScopedTemplate | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(TemplateEntity, 't')
      .innerJoin('accounts', 'a', 'a.id = t.account_id')
      .addSelect('a.path', 'owner_path')
      .where('t.id = :id', { id })
      .andWhere('a.path LIKE :prefix', { prefix: `${scope.path}%` })
      .getRawAndEntities();
    const template = row.entities[0];
    return template
      ? { template, ownerPath: String((row.raw[0] as { owner_path: string }).owner_path) }
      : null;
  }

  async listForAccount(accountId: string, status?: TemplateReviewStatus): Promise<TemplateEntity[]> {
    return this.dataSource.manager.find(TemplateEntity, {
      where: status ? { accountId, status } : { accountId },
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  async decide(id: string, review: TemplateReview): Promise<boolean> {
    return decidePendingReview(this.dataSource.manager, TemplateEntity, id, 'submitted', review);
  }

  /** A template the sender may use: owned by itself or an ancestor (status is checked by the caller). */
  async findUsable(sender: AccountScope, id: string): Promise<TemplateEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(TemplateEntity, 't')
      .where('t.id = :id', { id })
      .andWhere('t.account_id IN (:...owners)', { owners: pathIds(sender.path) })
      .getOne();
  }
}
