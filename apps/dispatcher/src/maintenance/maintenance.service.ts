import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { MaintenanceRepository } from './maintenance.repository';

const MONTHS_AHEAD = 3;
const PARTITIONS_EVERY_MS = 6 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * Keeps future monthly partitions in place, expires submits whose status report never came (so every message ends
 * final, and whatever hangs off final statuses, such as billing, settles), and forgets carrier ids past retention.
 * Several dispatchers may run it: each step is safe to run concurrently.
 */
@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger(MaintenanceService.name);
  private partitionTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private readonly expired: Counter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: MaintenanceRepository,
    metrics: MetricsService,
  ) {
    this.expired = metrics.counter(
      'tongdao_messages_expired_unreported_total',
      'Submitted messages expired because no status report came within RECEIPT_WAIT_HOURS',
    );
  }

  async start(): Promise<void> {
    await this.repository.ensurePartitions(MONTHS_AHEAD);
    this.partitionTimer = setInterval(() => void this.ensurePartitions(), PARTITIONS_EVERY_MS);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.partitionTimer);
    clearInterval(this.sweepTimer);
  }

  /** Expires unreported submits, then drops carrier ids past retention. */
  async sweep(): Promise<void> {
    const { receiptWaitHours, carrierRefRetentionHours } = this.config.dispatcher;
    try {
      let expired = 0;
      for (let more = true; more;) {
        const batch = await this.repository.expireUnreported(receiptWaitHours);
        expired += batch.expired;
        more = batch.more;
      }
      if (expired > 0) {
        this.expired.inc(expired);
        this.logger.warn(
          { messages: expired, hours: receiptWaitHours },
          'expired submits that never got a report',
        );
      }
      while ((await this.repository.deleteCarrierRefsOlderThan(carrierRefRetentionHours)) > 0);
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'maintenance sweep failed');
    }
  }

  private async ensurePartitions(): Promise<void> {
    await this.repository
      .ensurePartitions(MONTHS_AHEAD)
      .catch((error: Error) =>
        this.logger.error({ err: error.message }, 'creating message partitions failed'),
      );
  }
}
