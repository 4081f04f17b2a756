import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReviewStatus, SignatureEntity } from '@tongdao/database/entities';
import { AccountScope, pathIds } from '../common/account-scope';
import { decidePendingReview } from '../common/decide-pending-review';

export interface ScopedSignature {
  signature: SignatureEntity;
  ownerPath: string;
}

export interface SignatureReview {
  status: Exclude<ReviewStatus, 'pending'>;
  reviewerAccountId: string;
  reason: string | null;
}

/** Signatures, always read through the caller's scope. */
@Injectable()
export class SignatureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when the account already has this text pending or approved (a rejected one may be resubmitted). */
  async insertUnlessLive(
    signature: Pick<SignatureEntity, 'id' | 'accountId' | 'text'>,
  ): Promise<SignatureEntity | null> {
    const inserted = (await this.dataSource.query(
      `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (account_id, text) WHERE status <> 'rejected' DO NOTHING RETURNING id`,
      [signature.id, signature.accountId, signature.text],
    )) as Array<{ id: string }>;
    if (inserted.length === 0) return null;
    return this.dataSource.manager.findOneByOrFail(SignatureEntity, { id: signature.id });
  }

  /** A signature owned by the scope's account or one of its descendants. */
  async findInScope(scope: AccountScope, id: string): Promise<ScopedSignature | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(SignatureEntity, 's')
      .innerJoin('accounts', 'a', 'a.id = s.account_id')
      .addSelect('a.path', 'owner_path')
      .where('s.id = :id', { id })
      .andWhere('a.path LIKE :prefix', { prefix: `${scope.path}%` })
      .getRawAndEntities();
    const signature = row.entities[0];
    return signature
      ? { signature, ownerPath: String((row.raw[0] as { owner_path: string }).owner_path) }
      : null;
  }

  async listForAccount(accountId: string, status?: ReviewStatus): Promise<SignatureEntity[]> {
    return this.dataSource.manager.find(SignatureEntity, {
      where: status ? { accountId, status } : { accountId },
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  /** Decides a pending signature; returns false when it was no longer pending (someone else decided first). */
  async decide(id: string, review: SignatureReview): Promise<boolean> {
    return decidePendingReview(this.dataSource.manager, SignatureEntity, id, 'pending', review);
  }

  /** The approved signature with this text that the sender may use: its own or one of an ancestor. */
  async findUsable(sender: AccountScope, text: string): Promise<SignatureEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(SignatureEntity, 's')
      .where('s.text = :text', { text })
      .andWhere('s.account_id IN (:...owners)', { owners: pathIds(sender.path) })
      .orderBy(`CASE s.status WHEN 'approved' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END`)
      .getOne();
  }
}
