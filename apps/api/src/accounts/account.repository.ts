import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccountEntity,
  AccountKind,
  AccountStatus,
  MESSAGE_KINDS,
  RefundPolicy,
} from '@tongdao/database/entities';
import { AccountScope, childPath, pathIds } from '../common/account-scope';
import { PageCursor } from '../common/page-cursor';

/** What a parent configures on an account (issue 11); null removes a limit, undefined leaves it. */
export interface AccountSettings {
  allowedKinds?: string[];
  ipAllowlist?: string[];
  tpsLimit?: number | null;
  dailyQuota?: number | null;
  monthlyQuota?: number | null;
  refundPolicy?: RefundPolicy;
  creditLimit?: number;
}

export interface NewAccount extends AccountSettings {
  id: string;
  kind: AccountKind;
  name: string;
  allowFreeText: boolean;
}

export interface AccountChanges extends AccountSettings {
  name?: string;
  status?: AccountStatus;
  allowFreeText?: boolean;
}

const SETTING_COLUMNS: ReadonlyArray<keyof AccountChanges> = [
  'name',
  'status',
  'allowFreeText',
  'allowedKinds',
  'ipAllowlist',
  'tpsLimit',
  'dailyQuota',
  'monthlyQuota',
  'refundPolicy',
  'creditLimit',
];

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
  async createChild(
    parent: AccountEntity,
    account: NewAccount,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccountEntity> {
    const entity = manager.create(AccountEntity, {
      id: account.id,
      parentId: parent.id,
      path: childPath(parent.path, account.id),
      depth: parent.depth + 1,
      kind: account.kind,
      name: account.name,
      status: 'active',
      allowFreeText: account.allowFreeText,
      allowedKinds: account.allowedKinds ?? [...MESSAGE_KINDS],
      ipAllowlist: account.ipAllowlist ?? [],
      tpsLimit: account.tpsLimit ?? null,
      dailyQuota: account.dailyQuota ?? null,
      monthlyQuota: account.monthlyQuota ?? null,
      refundPolicy: account.refundPolicy ?? 'none',
      creditLimit: account.creditLimit ?? 0,
    });
    return manager.save(entity);
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
      allowedKinds: [...MESSAGE_KINDS],
      ipAllowlist: [],
      tpsLimit: null,
      dailyQuota: null,
      monthlyQuota: null,
      refundPolicy: 'none',
      creditLimit: 0,
    });
    return this.dataSource.manager.save(entity);
  }

  async findOperator(): Promise<AccountEntity | null> {
    return this.dataSource.manager.findOne(AccountEntity, {
      where: { kind: 'operator' },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Applies `changes` to the scope's account or one of its descendants (who may change what is the service's
   * decision); returns the updated account, or null when it is not within the scope.
   */
  async updateInScope(
    scope: AccountScope,
    id: string,
    changes: AccountChanges,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AccountEntity | null> {
    const values: Record<string, unknown> = {};
    for (const column of SETTING_COLUMNS) if (changes[column] !== undefined) values[column] = changes[column];
    if (Object.keys(values).length > 0) {
      await manager
        .createQueryBuilder()
        .update(AccountEntity)
        .set({ ...values, updatedAt: () => 'now()' })
        .where('id = :id AND path LIKE :prefix', { id, prefix: `${scope.path}%` })
        .execute();
    }
    return this.findInScope(scope, id, manager);
  }

  /** True when the account at `path` or any account above it is suspended. */
  async isSuspendedWithAncestors(path: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM accounts WHERE id = ANY($1::uuid[]) AND status <> 'active' LIMIT 1`,
      [pathIds(path)],
    )) as unknown[];
    return rows.length > 0;
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
