import { Inject, Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import { AccountBacklog, WebhookBacklogRepository } from './webhook-backlog.repository';
import { WebhookMetrics } from './webhook-metrics';

const MEASURE_INTERVAL_MS = 15_000;
const PURGE_INTERVAL_MS = 10 * 60_000;
const PURGE_SLICE = 10_000;
/** Accounts shown by name in the backlog gauges; the rest are summed as "other" to bound label cardinality. */
const TOP_ACCOUNTS = 20;

/** Backlog and oldest-pending gauges per account, dead letters per account, and dead-letter retention. */
@Injectable()
export class WebhookMaintenanceService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookMaintenanceService.name);
  private measureTimer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly backlog: WebhookBacklogRepository,
    private readonly metrics: WebhookMetrics,
  ) {}

  start(): void {
    this.measureTimer = setInterval(() => void this.measure(), MEASURE_INTERVAL_MS);
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
    this.measureTimer.unref();
    this.purgeTimer.unref();
    void this.measure();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.measureTimer);
    clearInterval(this.purgeTimer);
  }

  async measure(): Promise<void> {
    try {
      const backlog = await this.backlog.backlogByAccount();
      this.publish(backlog, Date.now());
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'measuring the webhook backlog failed');
    }
  }

  private publish(backlog: AccountBacklog[], now: number): void {
    const { backlog: pending, oldestPending, deadLetters } = this.metrics;
    pending.reset();
    oldestPending.reset();
    deadLetters.reset();
    const ranked = [...backlog].sort((a, b) => b.pending - a.pending || b.deadLetters - a.deadLetters);
    const shown = ranked.slice(0, TOP_ACCOUNTS);
    const rest = ranked.slice(TOP_ACCOUNTS);
    for (const entry of shown) {
      pending.set({ account: entry.accountId }, entry.pending);
      deadLetters.set({ account: entry.accountId }, entry.deadLetters);
      oldestPending.set({ account: entry.accountId }, ageSeconds(entry.oldestEnqueuedAt, now));
    }
    if (rest.length > 0) {
      pending.set(
        { account: 'other' },
        rest.reduce((sum, entry) => sum + entry.pending, 0),
      );
      deadLetters.set(
        { account: 'other' },
        rest.reduce((sum, entry) => sum + entry.deadLetters, 0),
      );
      oldestPending.set(
        { account: 'other' },
        Math.max(0, ...rest.map((entry) => ageSeconds(entry.oldestEnqueuedAt, now))),
      );
    }
  }

  private async purge(): Promise<void> {
    try {
      let purged = 0;
      for (;;) {
        const slice = await this.backlog.purgeDeadLetters(this.config.webhooks.deadLetterDays, PURGE_SLICE);
        purged += slice;
        if (slice < PURGE_SLICE) break;
      }
      if (purged > 0) this.logger.log({ purged }, 'expired webhook dead letters deleted');
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'purging webhook dead letters failed');
    }
  }
}

function ageSeconds(at: Date | null, now: number): number {
  return at ? Math.max(0, (now - at.getTime()) / 1000) : 0;
}
