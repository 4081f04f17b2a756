import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { DueHeldMessage, HeldReleaseStore, PaceState, paceReleases } from '@tongdao/compliance-state';
import { AppConfig } from '@tongdao/config';
import { DispatchQueue, MessageTransitions, QueueEntry } from '@tongdao/database';
import { laneOf, MessageStatus } from '@tongdao/lifecycle';
import { Carrier } from '@tongdao/phone';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { dispatchRouteOf } from '@tongdao/routing';

export const PLATFORM_PACE = 'platform';

export interface ReleaseRound {
  /** Due held messages this round looked at (locked). */
  due: number;
  /** Moved HELD → QUEUED and put in the dispatch queue. */
  released: number;
  /** Left HELD for a later round: their pace is full up to the horizon. */
  deferred: number;
}

/**
 * Releases HELD messages whose release time has come (quiet hours over): HELD → QUEUED through the one transition
 * function, into the dispatch queue with due times spread at COMPLIANCE_RELEASE_RATE_PER_ACCOUNT per account and
 * COMPLIANCE_RELEASE_RATE_TOTAL in all, so 08:00 does not become a burst against channel caps. Any number of
 * workers may run it: due rows are taken with SKIP LOCKED, and the pace rows are locked in key order.
 */
@Injectable()
export class HeldMessageReleaser implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HeldMessageReleaser.name);
  private readonly store = new HeldReleaseStore();
  private readonly transitions = new MessageTransitions();
  private readonly queue = new DispatchQueue();
  private readonly releasedTotal: Counter<string>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.releasedTotal = metrics.counter(
      'tongdao_compliance_held_released_total',
      'HELD messages released into the dispatch queue',
    );
  }

  onApplicationBootstrap(): void {
    this.schedule(this.config.complianceState.releaseIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round in one transaction. */
  async releaseOnce(now = new Date()): Promise<ReleaseRound> {
    return this.dataSource.transaction((tx) => this.round(tx, now));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let next = this.config.complianceState.releaseIntervalMs;
    try {
      const round = await this.releaseOnce();
      // A full round means more may be due now: go again soon, unless every pace is full.
      if (round.due === this.config.complianceState.releaseBatch && round.released > 0) next = 50;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'releasing held messages failed');
    }
    this.schedule(next);
  }

  private async round(tx: EntityManager, now: Date): Promise<ReleaseRound> {
    const settings = this.config.complianceState;
    const due = await this.store.lockDue(tx, settings.releaseBatch);
    if (due.length === 0) return { due: 0, released: 0, deferred: 0 };
    const byAccount = new Map<string, DueHeldMessage[]>();
    for (const message of due) {
      const list = byAccount.get(message.accountId) ?? [];
      list.push(message);
      byAccount.set(message.accountId, list);
    }
    const paces = await this.store.lockPaces(tx, [PLATFORM_PACE, ...[...byAccount.keys()].map(accountPace)]);
    const slots = new Map<string, Date>();
    const released: Array<{ message: DueHeldMessage; dueAt: Date }> = [];
    const stale: string[] = [];
    for (const [accountId, messages] of byAccount) {
      const live = messages.filter((message) => {
        if (message.kind) return true;
        stale.push(message.messageId); // its message row is gone (partition detached)
        return false;
      });
      const pacing: PaceState[] = [
        {
          key: accountPace(accountId),
          nextSlotAt: paces.get(accountPace(accountId))!,
          ratePerSecond: settings.releaseRatePerAccount,
        },
        {
          key: PLATFORM_PACE,
          nextSlotAt: slots.get(PLATFORM_PACE) ?? paces.get(PLATFORM_PACE)!,
          ratePerSecond: settings.releaseRateTotal,
        },
      ];
      const paced = paceReleases(live.length, pacing, now, settings.releaseHorizonMs);
      paced.dueAt.forEach((dueAt, index) => released.push({ message: live[index]!, dueAt }));
      for (const [key, at] of paced.nextSlots) slots.set(key, at);
    }
    const applied = await this.transitions.apply(
      tx,
      released.map(({ message }) => ({
        id: message.messageId,
        createdAt: message.createdAt,
        to: MessageStatus.Queued,
        detail: { released: 'quiet_hours_over', release_at: message.releaseAt.toISOString() },
      })),
    );
    const appliedIds = new Set(applied.map((row) => row.id));
    const entries: QueueEntry[] = released
      .filter(({ message }) => appliedIds.has(message.messageId))
      .map(({ message, dueAt }) => ({
        messageId: message.messageId,
        messageCreatedAt: message.createdAt,
        lane: laneOf(message.kind),
        route: dispatchRouteOf(message.phone, message.carrier as Carrier | null),
        dueAt,
      }));
    await this.queue.enqueue(tx, entries);
    // Rows whose message is no longer HELD (cancelled, failed, reviewed) are stale: they go too.
    await this.store.remove(tx, [...released.map(({ message }) => message.messageId), ...stale]);
    await this.store.savePaces(tx, slots);
    this.releasedTotal.inc(entries.length);
    if (entries.length > 0) this.logger.debug({ released: entries.length }, 'held messages released');
    return {
      due: due.length,
      released: entries.length,
      deferred: due.length - released.length - stale.length,
    };
  }
}

function accountPace(accountId: string): string {
  return `account:${accountId}`;
}
