import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BalanceStore } from '@tongdao/billing-store';
import { AccountEntity } from '@tongdao/database/entities';
import { normalizeAllowlist } from '@tongdao/ip-allowlist';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AuditTrail } from '../audit/audit-trail';
import { ApiKeyCache } from '../auth/api-key-cache';
import { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/page-cursor';
import { AccountChanges, AccountRepository, AccountSettings } from './account.repository';
import { AccountPage, AccountView } from './account.view';
import { AccountSettingsDto } from './account-settings.dto';
import { CreateAccountDto } from './create-account.dto';
import { UpdateAccountDto } from './update-account.dto';

const DEFAULT_PAGE = 50;

/** What an account may change about itself; everything else is its parent's to set. */
const SELF_SERVICE_FIELDS: ReadonlyArray<keyof UpdateAccountDto> = ['ip_allowlist'];

@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly keyCache: ApiKeyCache,
    private readonly balances: BalanceStore,
    private readonly audit: AuditTrail,
  ) {}

  async create(principal: Principal, dto: CreateAccountDto): Promise<AccountView> {
    const parent = await this.accounts.findInScope(principal.account, dto.parent_id ?? principal.account.id);
    if (!parent) throw new DomainException(ErrorCode.NotFound, 'Parent account not found', 'parent_id');
    if (parent.kind === 'customer') {
      throw new DomainException(
        ErrorCode.Forbidden,
        'A customer account cannot have sub-accounts',
        'parent_id',
      );
    }
    const settings = settingsOf(dto);
    const account = await this.dataSource.transaction(async (manager) => {
      const created = await this.accounts.createChild(
        parent,
        {
          id: randomUUID(),
          kind: dto.kind,
          name: dto.name,
          allowFreeText: dto.allow_free_text ?? false,
          ...settings,
        },
        manager,
      );
      if (created.creditLimit > 0) await this.applyCredit(manager, created);
      return created;
    });
    const view = AccountView.of(account);
    this.audit.record('account', account.id, null, view, account);
    return view;
  }

  async get(principal: Principal, id: string): Promise<AccountView> {
    return AccountView.of(await this.require(principal, id));
  }

  async listDescendants(principal: Principal, limit = DEFAULT_PAGE, cursor?: string): Promise<AccountPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.accounts.listDescendants(principal.account, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((account) => AccountView.of(account)),
      next_cursor:
        rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * Ancestors configure an account (status, limits, kinds, refund policy, credit); an account may only set its own
   * IP allow-list. Suspension and allow-list changes reach every API process at once through the key cache.
   */
  async update(principal: Principal, id: string, dto: UpdateAccountDto): Promise<AccountView> {
    const before = await this.accounts.findInScope(principal.account, id);
    if (!before) throw new DomainException(ErrorCode.NotFound, 'Account not found', 'id');
    if (before.id === principal.account.id) assertSelfService(dto);
    // null clears the nullable limits; for every other field it means the same as leaving it out.
    const changes: AccountChanges = {
      name: dto.name ?? undefined,
      status: dto.status ?? undefined,
      allowFreeText: dto.allow_free_text ?? undefined,
      ...settingsOf(dto),
    };
    const updated = await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.updateInScope(principal.account, id, changes, manager);
      if (!account) throw new DomainException(ErrorCode.NotFound, 'Account not found', 'id');
      if (changes.creditLimit !== undefined && changes.creditLimit !== before.creditLimit)
        await this.applyCredit(manager, account);
      return account;
    });
    if (dto.status !== undefined || dto.ip_allowlist !== undefined)
      await this.keyCache.invalidate(await this.accounts.keyPrefixesInSubtree(updated));
    const view = AccountView.of(updated);
    this.audit.record('account', updated.id, AccountView.of(before), view, updated);
    return view;
  }

  async require(principal: Principal, id: string): Promise<AccountEntity> {
    const account = await this.accounts.findInScope(principal.account, id);
    if (!account) throw new DomainException(ErrorCode.NotFound, 'Account not found', 'id');
    return account;
  }

  private async applyCredit(manager: EntityManager, account: AccountEntity): Promise<void> {
    await this.balances.change(manager, account.id, account.depth, { creditLimit: account.creditLimit });
  }
}

function assertSelfService(dto: UpdateAccountDto): void {
  const given = Object.entries(dto)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([field]) => field as keyof UpdateAccountDto);
  const forbidden = given.find((field) => !SELF_SERVICE_FIELDS.includes(field));
  if (forbidden || given.length === 0)
    throw new DomainException(
      ErrorCode.Forbidden,
      'An account can only change its own ip_allowlist; its parent changes the rest',
      forbidden ?? 'id',
    );
}

/** The settings of a create or update request, validated beyond what the DTO decorators can say. */
function settingsOf(dto: AccountSettingsDto): AccountSettings {
  let ipAllowlist: string[] | undefined;
  if (dto.ip_allowlist !== undefined && dto.ip_allowlist !== null) {
    const normalized = normalizeAllowlist(dto.ip_allowlist);
    if (!normalized.ok)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        normalized.problem.message,
        `ip_allowlist[${normalized.problem.index}]`,
      );
    ipAllowlist = normalized.entries;
  }
  return {
    allowedKinds: dto.allowed_kinds ?? undefined,
    ipAllowlist,
    tpsLimit: dto.tps_limit,
    dailyQuota: dto.daily_quota,
    monthlyQuota: dto.monthly_quota,
    refundPolicy: dto.refund_policy ?? undefined,
    creditLimit: dto.credit_limit ?? undefined,
  };
}
