import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import {
  BillingKind,
  formatYuan,
  LevelCharge,
  PriceBook,
  priceBatch,
  priceKeyOf,
  PriceNotSetError,
  Reservation,
  reserveLevels,
} from '@tongdao/billing';
import { BalanceStore, ReservationStore } from '@tongdao/billing-store';
import {
  APP_CONFIG,
  DomainException,
  ErrorCode,
  MetricsService,
  RateLimitedException,
} from '@tongdao/platform';
import { Counter } from 'prom-client';
import { Principal } from '../../auth/principal';
import { Admission, TakenQuota, TrafficLimiter } from '../../limits/traffic-limiter';
import { NewMessageBatch } from '../../messages/new-message-batch';
import { ChainMember, SenderChain, SenderChainRepository } from './sender-chain.repository';

/** What acceptance does with money and limits for one request, in two steps around its transaction. */
export interface AcceptanceCharge {
  /** The last statement of the acceptance transaction: reserves at every level of the tree. */
  reserve(manager: EntityManager): Promise<void>;
  /** Runs the acceptance transaction, giving quota back when nothing ends up stored. */
  guard<T extends { replayed: boolean }>(run: () => Promise<T>): Promise<T>;
}

const NOTHING: AcceptanceCharge = { reserve: async () => undefined, guard: (run) => run() };

/**
 * Prices a batch at every level of the sender's chain, refuses it before anything is stored when an account in
 * the chain is suspended, may not send this kind, has no price, cannot pay or is over a limit, and reserves the
 * money in the acceptance transaction. The reservation is the transaction's last step and locks the sender's
 * stripe before its parents' (one global order), so a reseller's balance row is held only until commit.
 */
@Injectable()
export class AcceptanceBilling {
  private readonly logger = new Logger(AcceptanceBilling.name);
  private readonly refusals: Counter<'reason'>;
  private readonly deadlocks: Counter<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly chains: SenderChainRepository,
    private readonly limiter: TrafficLimiter,
    private readonly reservations: ReservationStore,
    private readonly balances: BalanceStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.refusals = metrics.counter(
      'tongdao_billing_refusals_total',
      'Requests refused at acceptance for money, limits or account settings',
      ['reason'],
    );
    this.deadlocks = metrics.counter(
      'tongdao_billing_deadlock_retries_total',
      'Acceptance transactions run again after a deadlock (expected to stay at zero)',
    );
  }

  async prepare(principal: Principal, batch: NewMessageBatch): Promise<AcceptanceCharge> {
    if (batch.messages.length === 0) return NOTHING;
    try {
      return await this.admit(principal, batch);
    } catch (error) {
      if (error instanceof DomainException) this.refusals.inc({ reason: error.code });
      throw error;
    }
  }

  private async admit(principal: Principal, batch: NewMessageBatch): Promise<AcceptanceCharge> {
    const kind = batch.kind as BillingKind;
    const chain = await this.chains.load(this.dataSource.manager, batch.accountId, kind);
    const sender = chain.members[chain.members.length - 1];
    if (!sender || sender.id !== batch.accountId)
      throw new DomainException(ErrorCode.NotFound, 'Account not found');
    assertActive(chain, sender);
    assertKindAllowed(chain, sender, kind);
    const charges = priceOrRefuse(chain, sender, kind, batch);
    assertAffordable(chain, sender, charges);
    const segments = batch.messages.reduce((sum, message) => sum + message.segments, 0);
    const admission = await this.limiter.admit(
      chain.members.map((member) => ({
        accountId: member.id,
        tpsLimit: member.tpsLimit,
        dailyQuota: member.dailyQuota,
        monthlyQuota: member.monthlyQuota,
      })),
      segments,
    );
    if (!admission.admitted) throw limitRefusal(admission, sender.id);
    const reservation = this.reservation(chain, batch, charges);
    return {
      reserve: (manager) => this.reserve(manager, principal, batch, reservation, segments),
      guard: (run) => this.refundOnFailure(run, admission.taken),
    };
  }

  private reservation(chain: SenderChain, batch: NewMessageBatch, charges: LevelCharge[]): Reservation {
    const members = new Map(chain.members.map((member) => [member.id, member]));
    return {
      id: batch.batchId ?? batch.ids[0]!,
      causeType: batch.batchId ? 'batch' : 'message',
      senderAccountId: batch.accountId,
      kind: batch.kind as BillingKind,
      messages: batch.messages.length,
      levels: reserveLevels(charges, (accountId) => ({
        refundPolicy: members.get(accountId)!.refundPolicy,
        stripes: this.config.resellers.balanceStripes,
      })),
    };
  }

  private async reserve(
    manager: EntityManager,
    principal: Principal,
    batch: NewMessageBatch,
    reservation: Reservation,
    segments: number,
  ): Promise<void> {
    await this.reservations.insert(manager, reservation, batch.createdAt, segments, {
      keyId: principal.keyId,
      accountId: principal.account.id,
    });
    for (const level of reservation.levels) {
      if (level.amount === 0 || level.stripe === null) continue;
      const reserved = await this.balances.reserve(manager, {
        accountId: level.accountId,
        depth: level.depth,
        stripe: level.stripe,
        amount: level.amount,
      });
      if (!reserved) {
        this.refusals.inc({ reason: 'balance_race' });
        throw insufficient(level.accountId === batch.accountId, level.amount, null);
      }
    }
  }

  private async refundOnFailure<T extends { replayed: boolean }>(
    run: () => Promise<T>,
    taken: TakenQuota,
  ): Promise<T> {
    let result: T;
    try {
      result = await this.retryDeadlocks(run);
    } catch (error) {
      await this.limiter.refund(taken);
      throw error;
    }
    if (result.replayed) await this.limiter.refund(taken);
    return result;
  }

  /**
   * Balance rows are locked in one global order, so a deadlock should not happen; should one ever, the whole
   * acceptance transaction (which rolled back) is run again rather than answering 500.
   */
  private async retryDeadlocks<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await run();
      } catch (error) {
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
        this.deadlocks.inc();
        this.logger.warn({ attempt }, 'acceptance transaction deadlocked; running it again');
      }
    }
  }
}

const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } };
  return candidate?.code === '40P01' || candidate?.driverError?.code === '40P01';
}

function assertActive(chain: SenderChain, sender: ChainMember): void {
  const suspended = chain.members.find((member) => member.status !== 'active');
  if (!suspended) return;
  throw new DomainException(
    ErrorCode.AccountSuspended,
    suspended.id === sender.id ? 'That account is suspended' : 'An account above this one is suspended',
  );
}

function assertKindAllowed(chain: SenderChain, sender: ChainMember, kind: BillingKind): void {
  const refusing = [...chain.members].reverse().find((member) => !member.allowedKinds.includes(kind));
  if (!refusing) return;
  throw new DomainException(
    ErrorCode.KindNotAllowed,
    refusing.id === sender.id
      ? `This account may not send ${kind} messages`
      : `${kind} messages are not allowed for an account above this one`,
    'kind',
    { kind, scope: refusing.id === sender.id ? 'self' : 'upstream' },
  );
}

function priceOrRefuse(
  chain: SenderChain,
  sender: ChainMember,
  kind: BillingKind,
  batch: NewMessageBatch,
): LevelCharge[] {
  try {
    return priceBatch(
      new PriceBook(chain.rules),
      chain.members,
      kind,
      batch.messages.map((message) => ({
        key: priceKeyOf(message.carrier, message.province),
        segments: message.segments,
      })),
    );
  } catch (error) {
    if (!(error instanceof PriceNotSetError)) throw error;
    const where = error.accountId === sender.id ? 'for this account' : 'for an account above this one';
    throw new DomainException(
      ErrorCode.PriceNotSet,
      `No price is set ${where} for ${error.key.carrier} ${kind} messages` +
        `${error.key.province ? ` to ${error.key.province}` : ''}; the parent account sets prices`,
      undefined,
      {
        carrier: error.key.carrier,
        kind,
        province: error.key.province,
        scope: error.accountId === sender.id ? 'self' : 'upstream',
      },
    );
  }
}

function assertAffordable(chain: SenderChain, sender: ChainMember, charges: LevelCharge[]): void {
  const members = new Map(chain.members.map((member) => [member.id, member]));
  for (const level of charges) {
    const available = members.get(level.accountId)!.available;
    if (level.amount > 0 && available < level.amount)
      throw insufficient(level.accountId === sender.id, level.amount, available);
  }
}

function insufficient(self: boolean, required: number, available: number | null): DomainException {
  if (!self)
    return new DomainException(
      ErrorCode.UpstreamBalanceInsufficient,
      'An account above this one cannot pay for this request; nothing was stored',
    );
  return new DomainException(
    ErrorCode.InsufficientBalance,
    `This request costs ${formatYuan(required)} CNY and the balance cannot cover it; nothing was stored`,
    undefined,
    available === null ? { required } : { required, available },
  );
}

function limitRefusal(
  admission: Extract<Admission, { admitted: false }>,
  senderId: string,
): RateLimitedException {
  const self = admission.accountId === senderId;
  const scope = self ? 'This account' : 'An account above this one';
  const details = { limit: admission.limit, scope: self ? 'self' : 'upstream' };
  switch (admission.limit) {
    case 'tps':
      return new RateLimitedException(
        ErrorCode.TooManyRequests,
        `${scope} is sending more segments per second than its limit allows`,
        admission.retryAfterSeconds,
        details,
      );
    case 'daily':
      return new RateLimitedException(
        ErrorCode.DailyQuotaExceeded,
        `${scope} has no daily quota left for this request; nothing was stored`,
        admission.retryAfterSeconds,
        details,
      );
    case 'monthly':
      return new RateLimitedException(
        ErrorCode.MonthlyQuotaExceeded,
        `${scope} has no monthly quota left for this request; nothing was stored`,
        admission.retryAfterSeconds,
        details,
      );
  }
}
