import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { BillingCalendar } from '@tongdao/billing';
import { APP_CONFIG, REDIS } from '@tongdao/platform';
import { TRAFFIC_LIMIT_SCRIPT, TRAFFIC_REFUND_SCRIPT } from './traffic-limit.script';

/** The limits one account of a sender's chain puts on its subtree's traffic (null: none). */
export interface AccountLimits {
  accountId: string;
  tpsLimit: number | null;
  dailyQuota: number | null;
  monthlyQuota: number | null;
}

export type LimitKind = 'tps' | 'daily' | 'monthly';

export type Admission =
  | { admitted: true; taken: TakenQuota }
  | { admitted: false; accountId: string; limit: LimitKind; retryAfterSeconds: number };

/** What an admitted request took from the quotas, to give back if it is not stored after all. */
export interface TakenQuota {
  keys: string[];
  cost: number;
}

const DAY_TTL_MS = 2 * 86_400_000;
const MONTH_TTL_MS = 32 * 86_400_000;

const LIMIT_SHA = createHash('sha1').update(TRAFFIC_LIMIT_SCRIPT).digest('hex');
const REFUND_SHA = createHash('sha1').update(TRAFFIC_REFUND_SCRIPT).digest('hex');

/**
 * Per-account TPS and daily/monthly quotas, counted in segments (what carriers and the bill count), held in Redis
 * so that every API process shares them. The whole chain is checked and taken in one script per request.
 */
@Injectable()
export class TrafficLimiter {
  private readonly calendar: BillingCalendar;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.calendar = new BillingCalendar(config.resellers.billingTimeZone);
  }

  async admit(chain: readonly AccountLimits[], cost: number, now = Date.now()): Promise<Admission> {
    if (chain.length === 0 || cost <= 0) return { admitted: true, taken: { keys: [], cost: 0 } };
    const day = this.calendar.dayOf(now);
    const month = this.calendar.monthOf(now);
    const keys = chain.flatMap((account) => [
      `limit:tps:${account.accountId}`,
      `limit:day:${account.accountId}:${day}`,
      `limit:month:${account.accountId}:${month}`,
    ]);
    const args = chain.flatMap((account) => [
      account.tpsLimit ?? -1,
      account.dailyQuota ?? -1,
      account.monthlyQuota ?? -1,
      DAY_TTL_MS,
      MONTH_TTL_MS,
    ]);
    const [index, limit, retryMs] = (await this.run(TRAFFIC_LIMIT_SCRIPT, LIMIT_SHA, keys, [
      chain.length,
      cost,
      now,
      ...args,
    ])) as [number, string?, number?];
    if (index === 0) {
      return { admitted: true, taken: { keys: keys.filter((_, position) => position % 3 !== 0), cost } };
    }
    const kind = limit as LimitKind;
    const waitMs =
      kind === 'tps'
        ? Number(retryMs)
        : kind === 'daily'
          ? this.calendar.msUntilNextDay(now)
          : this.calendar.msUntilNextMonth(now);
    return {
      admitted: false,
      accountId: chain[index - 1]!.accountId,
      limit: kind,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    };
  }

  async refund(taken: TakenQuota): Promise<void> {
    if (taken.keys.length === 0 || taken.cost <= 0) return;
    await this.run(TRAFFIC_REFUND_SCRIPT, REFUND_SHA, taken.keys, [taken.cost]);
  }

  /**
   * EVALSHA, falling back to EVAL (which also caches the script) when Redis does not know it yet. Plain commands
   * rather than ioredis custom commands, whose script fallback breaks auto-pipelining.
   */
  private async run(
    lua: string,
    sha: string,
    keys: string[],
    args: Array<string | number>,
  ): Promise<unknown> {
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(lua, keys.length, ...keys, ...args);
    }
  }

  /** Segments counted today and this month for an account's subtree (for the account's limits view). */
  async usage(accountId: string, now = Date.now()): Promise<{ today: number; thisMonth: number }> {
    const [today, thisMonth] = await Promise.all([
      this.redis.get(`limit:day:${accountId}:${this.calendar.dayOf(now)}`),
      this.redis.get(`limit:month:${accountId}:${this.calendar.monthOf(now)}`),
    ]);
    return { today: Number(today ?? 0), thisMonth: Number(thisMonth ?? 0) };
  }
}
