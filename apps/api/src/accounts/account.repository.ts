import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, AccountKind, AccountStatus } from '@tongdao/database/entities';
import { AccountScope, childPath } from '../common/account-scope';
import { PageCursor } from '../common/page-cursor';

export interface NewAccount {
  id: string;
  kind: AccountKind;
  name: string;
  allowFreeText: boolean;
}

export interface AccountChanges {
  name?: string;
  status?: AccountStatus;
  allowFreeText?: boolean;
}

/**
 * Tenant-scoped access to the account tree: every read and write names the caller's scope and only ever
 * touches that account or its descendants (prefix match on the materialised path).
 */
@Injectable()
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The account if it is `scope` itself or one of its descendants. */
  async findInScope(
    scope: AccountScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccountEntity | null> {
    return manager
      .createQueryBuilder(AccountEntity, 'a')
      .where('a.id = :id', { id })
      .andWhere('a.path LIKE :prefix', { prefix: `${scope.path}%` })
      .getOne();
  }

  async listDescendants(scope: AccountScope, limit: number, after?: PageCursor): Promise<AccountEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(AccountEntity, 'a')
      .where('a.path LIKE :prefix', { prefix: `${scope.path}%` })
      .andWhere('a.id <> :self', { self: scope.id })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit);
    if (after)
      query.andWhere('(a.created_at, a.id) < (:createdAt, :id)', {
        createdAt: after.createdAt,
        id: after.id,
      });
    return query.getMany();
  }

  /** Creates a child of `parent`, which must already be verified to lie within the caller's scope. */
  async createChild(parent: AccountEntity, account: NewAccount): Promise<AccountEntity> {
    const entity = this.dataSource.manager.create(AccountEntity, {
      id: account.id,
      parentId: parent.id,
      path: childPath(parent.path, account.id),
      depth: parent.depth + 1,
      kind: account.kind,
      name: account.name,
      status: 'active',
      allowFreeText: account.allowFreeText,
    });
    return this.dataSource.manager.save(entity);
  }

  /** Creates a root (operator) account. Only used when provisioning a fresh installation. */
  async createOperator(id: string, name: string): Promise<AccountEntity> {
    const entity = this.dataSource.manager.create(AccountEntity, {
      id,
      parentId: null,
      path: `/${id}/`,
      depth: 0,
      kind: 'operator',
      name,
      status: 'active',
      allowFreeText: true,
    });
    return this.dataSource.manager.save(entity);
  }

  async findOperator(): Promise<AccountEntity | null> {
    return this.dataSource.manager.findOne(AccountEntity, {
      where: { kind: 'operator' },
      order: { createdAt: 'ASC' },
    });
  }

  /** Applies `changes` to a strict descendant of the caller; returns null when it is not one. */
  async updateDescendant(
    scope: AccountScope,
    id: string,
    changes: AccountChanges,
  ): Promise<AccountEntity | null> {
    const values: Partial<AccountEntity> = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.status !== undefined) values.status = changes.status;
    if (changes.allowFreeText !== undefined) values.allowFreeText = changes.allowFreeText;
    if (Object.keys(values).length > 0) {
      await this.dataSource.manager
        .createQueryBuilder()
        .update(AccountEntity)
        .set({ ...values, updatedAt: () => 'now()' })
        .where('id = :id AND id <> :self AND path LIKE :prefix', {
          id,
          self: scope.id,
          prefix: `${scope.path}%`,
        })
        .execute();
    }
    const account = await this.findInScope(scope, id);
    return account && account.id !== scope.id ? account : null;
  }

  /** The prefixes of every key in the subtree of `account`, for cache invalidation. */
  async keyPrefixesInSubtree(account: AccountScope): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT k.prefix FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.path LIKE $1`,
      [`${account.path}%`],
    )) as Array<{ prefix: string }>;
    return rows.map((row) => row.prefix);
  }
}
