import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BalanceTotals, formatYuan, LedgerDraft } from '@tongdao/billing';
import { BalanceStore, LedgerStore } from '@tongdao/billing-store';
import { AccountEntity } from '@tongdao/database/entities';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditTrail } from '../../audit/audit-trail';
import { Principal } from '../../auth/principal';
import { AdjustmentDto, LedgerQuery, TopUpDto } from './balance.dto';
import { AdjustmentView, BalanceView, LedgerEntryView, LedgerPage, TopUpView } from './balance.view';
import { TopUpRecord, TopUpRepository } from './top-up.repository';

const DEFAULT_LEDGER_PAGE = 100;

/**
 * Prepaid balances. A parent tops up its descendants (recording money the child paid it; the parent's own balance
 * pays the parent's cost as the child sends) and may adjust them; an account sees its own balance and ledger and
 * those of its descendants.
 */
@Injectable()
export class BalancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly balances: BalanceStore,
    private readonly ledger: LedgerStore,
    private readonly topUps: TopUpRepository,
    private readonly audit: AuditTrail,
  ) {}

  async balance(principal: Principal, accountId: string): Promise<BalanceView> {
    const account = await this.accounts.require(principal, accountId);
    const totals = await this.balances.totals(this.dataSource.manager, [account.id]);
    return BalanceView.of(account.id, totals.get(account.id)!);
  }

  async entries(principal: Principal, accountId: string, query: LedgerQuery): Promise<LedgerPage> {
    const account = await this.accounts.require(principal, accountId);
    const limit = query.limit ?? DEFAULT_LEDGER_PAGE;
    const rows = await this.ledger.list(
      this.dataSource.manager,
      account.id,
      {
        types: query.type ? [query.type] : undefined,
        causeId: query.cause_id,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        beforeId: query.cursor,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      data: page.map((entry) => LedgerEntryView.of(entry)),
      next_cursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  async topUp(principal: Principal, accountId: string, dto: TopUpDto): Promise<TopUpView> {
    const account = await this.requireDescendant(principal, accountId);
    const result = await this.dataSource.transaction(async (manager) => {
      const topUp = await this.topUps.insert(
        manager,
        {
          id: randomUUID(),
          accountId: account.id,
          amount: dto.amount,
          reference: dto.reference,
          note: dto.note ?? null,
        },
        { keyId: principal.keyId, accountId: principal.account.id },
      );
      if (!topUp) return { topUp: await this.earlierTopUp(manager, account, dto), totals: null };
      const changed = await this.balances.change(manager, account.id, account.depth, {
        balanceDelta: dto.amount,
      });
      if (!changed.ok) throw new Error('a top-up was refused by the balance');
      await this.ledger.append(manager, [
        this.entry(
          principal,
          account,
          'top_up',
          dto.amount,
          'top_up',
          topUp.id,
          dto.note ?? `top-up ${dto.reference}`,
        ),
      ]);
      return { topUp, totals: changed.totals };
    });
    const totals =
      result.totals ?? (await this.balances.totals(this.dataSource.manager, [account.id])).get(account.id)!;
    if (result.totals)
      this.audit.record(
        'balance',
        account.id,
        before(totals, dto.amount),
        BalanceView.of(account.id, totals),
        account,
      );
    return {
      id: result.topUp.id,
      account_id: account.id,
      amount: result.topUp.amount,
      reference: result.topUp.reference,
      note: result.topUp.note,
      created_at: result.topUp.createdAt.toISOString(),
      applied: result.totals !== null,
      balance: BalanceView.of(account.id, totals),
    };
  }

  async adjust(principal: Principal, accountId: string, dto: AdjustmentDto): Promise<AdjustmentView> {
    const account = await this.requireDescendant(principal, accountId);
    const id = randomUUID();
    const totals = await this.dataSource.transaction(async (manager) => {
      const changed = await this.balances.change(manager, account.id, account.depth, {
        balanceDelta: dto.amount,
      });
      if (!changed.ok)
        throw new DomainException(
          ErrorCode.InsufficientBalance,
          `Only ${formatYuan(changed.available)} CNY is available; the debit would take it below the credit limit`,
          'amount',
          { available: changed.available, required: -dto.amount },
        );
      await this.ledger.append(manager, [
        this.entry(principal, account, 'adjustment', dto.amount, 'adjustment', id, dto.reason),
      ]);
      return changed.totals;
    });
    this.audit.record(
      'balance',
      account.id,
      before(totals, dto.amount),
      BalanceView.of(account.id, totals),
      account,
    );
    return {
      id,
      account_id: account.id,
      amount: dto.amount,
      reason: dto.reason,
      balance: BalanceView.of(account.id, totals),
    };
  }

  private async requireDescendant(principal: Principal, accountId: string): Promise<AccountEntity> {
    const account = await this.accounts.require(principal, accountId);
    if (account.id === principal.account.id)
      throw new DomainException(ErrorCode.Forbidden, 'An account’s balance is topped up by its parent', 'id');
    return account;
  }

  private async earlierTopUp(
    manager: EntityManager,
    account: AccountEntity,
    dto: TopUpDto,
  ): Promise<TopUpRecord> {
    const earlier = await this.topUps.findByReference(manager, account.id, dto.reference);
    if (!earlier) throw new Error('a top-up reference conflicted but cannot be found');
    if (earlier.amount !== dto.amount)
      throw new DomainException(
        ErrorCode.TopUpReferenceReused,
        `Reference ${dto.reference} was already used for a top-up of ${earlier.amount}`,
        'reference',
      );
    return earlier;
  }

  private entry(
    principal: Principal,
    account: AccountEntity,
    type: 'top_up' | 'adjustment',
    amount: number,
    causeType: 'top_up' | 'adjustment',
    causeId: string,
    note: string | null,
  ): LedgerDraft {
    return {
      accountId: account.id,
      type,
      amount,
      reservedDelta: 0,
      causeType,
      causeId,
      messages: null,
      segments: null,
      actorKeyId: principal.keyId,
      actorAccountId: principal.account.id,
      note,
    };
  }
}

function before(after: BalanceTotals, delta: number): { balance: number; available: number } {
  return { balance: after.balance - delta, available: after.available - delta };
}
