import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tongdao/platform';
import { DeliveryReport, ReportAck } from '@tongdao/protocols';
import { finalizeRows } from './final-status';
import { ReceiptRepository } from './receipt.repository';

const MAX_BATCH = 1000;
const RETRY_DELAY_MS = 500;
const PARKED_SWEEP_MS = 2000;
const PARKED_RETENTION_HOURS = 72;
/** A report that keeps failing on its own (not with its batch) is dropped after this many tries. */
const MAX_REPORT_ATTEMPTS = 5;

interface PendingReport {
  report: DeliveryReport;
  ack: ReportAck;
  attempts: number;
}

/**
 * Stores status reports from every channel in group commits and acknowledges each to its carrier
 * only once stored, so a crash loses no report (the carrier resends unacknowledged ones). A
 * commit starts as soon as the previous one ends, batching whatever arrived meanwhile.
 */
@Injectable()
export class ReceiptService {
  private readonly logger = new Logger(ReceiptService.name);
  private buffer: PendingReport[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  private readonly received: Counter<'channel' | 'stat'>;

  constructor(
    private readonly receipts: ReceiptRepository,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('tongdao_delivery_reports_total', 'Status reports received', [
      'channel',
      'stat',
    ]);
  }

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweepParked(), PARKED_SWEEP_MS);
  }

  accept(report: DeliveryReport, ack: ReportAck): void {
    this.received.inc({ channel: report.channelId, stat: report.stat });
    this.buffer.push({ report, ack, attempts: 0 });
    void this.flush();
  }

  /** Resolves once everything buffered before the call is stored (or set aside for a retry). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    this.flushing = this.applyBuffered().finally(() => (this.flushing = null));
    await this.flushing;
    if (this.buffer.length > 0 && !this.retryTimer) void this.flush();
  }

  /** Stores what is buffered; reports that still fail stay unacknowledged, so the carrier resends them. */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    clearTimeout(this.retryTimer);
    await this.flush();
  }

  private async applyBuffered(): Promise<void> {
    const batch = this.buffer.splice(0, MAX_BATCH);
    try {
      await this.apply(batch.map((pending) => pending.report));
      batch.forEach((pending) => pending.ack());
    } catch (error) {
      this.logger.error(
        { err: (error as Error).message, reports: batch.length },
        'storing status reports failed; retrying one by one',
      );
      await this.applyOneByOne(batch);
    }
  }

  /** Isolates a bad report so it cannot hold back the others; the rest wait for a retry if the database is down. */
  private async applyOneByOne(batch: PendingReport[]): Promise<void> {
    const retry: PendingReport[] = [];
    for (const pending of batch) {
      try {
        await this.apply([pending.report]);
        pending.ack();
      } catch (error) {
        pending.attempts += 1;
        if (pending.attempts < MAX_REPORT_ATTEMPTS) {
          retry.push(pending);
          continue;
        }
        // Acknowledged anyway: the carrier would otherwise resend a report we can never store.
        pending.ack();
        this.logger.error(
          { err: (error as Error).message, channel: pending.report.channelId },
          'dropping a status report that cannot be stored',
        );
      }
    }
    if (retry.length === 0) return;
    this.buffer.unshift(...retry);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, RETRY_DELAY_MS);
  }

  private async apply(reports: DeliveryReport[]): Promise<void> {
    const touched = await this.receipts.recordReports(reports);
    const states = await this.receipts.segmentStates(touched);
    await this.receipts.finalize(finalizeRows(states));
  }

  /** Parked reports whose submit has since been recorded go through again (they are stored already: no ack). */
  private async sweepParked(): Promise<void> {
    try {
      const ready = await this.receipts.takeMatchableParkedReports(MAX_BATCH);
      if (ready.length > 0) {
        await this.apply(ready);
      }
      await this.receipts.dropParkedReportsOlderThan(PARKED_RETENTION_HOURS);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'sweeping parked reports failed');
    }
  }
}
