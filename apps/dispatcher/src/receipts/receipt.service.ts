import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '@tongdao/platform';
import { DeliveryReport } from '@tongdao/protocols';
import { finalizeRows } from './final-status';
import { ReceiptRepository } from './receipt.repository';

const FLUSH_INTERVAL_MS = 50;
const MAX_BATCH = 1000;
const PARKED_SWEEP_MS = 2000;
const PARKED_RETENTION_HOURS = 72;
/** A report that keeps failing on its own (not with its batch) is dropped after this many tries. */
const MAX_REPORT_ATTEMPTS = 5;

/** Buffers status reports from every channel and applies them to messages in batches. */
@Injectable()
export class ReceiptService implements OnApplicationShutdown {
  private readonly logger = new Logger(ReceiptService.name);
  private buffer: DeliveryReport[] = [];
  private flushTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly failedAttempts = new Map<DeliveryReport, number>();

  constructor(
    private readonly receipts: ReceiptRepository,
    private readonly metrics: MetricsService,
  ) {}

  start(): void {
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.sweepTimer = setInterval(() => void this.sweepParked(), PARKED_SWEEP_MS);
  }

  accept(report: DeliveryReport): void {
    this.metrics
      .counter('tongdao_delivery_reports_total', 'Status reports received', ['channel', 'stat'])
      .inc({ channel: report.channelId, stat: report.stat });
    this.buffer.push(report);
    if (this.buffer.length >= MAX_BATCH) void this.flush();
  }

  /** Serialised so batches apply in arrival order. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.applyBuffered());
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.sweepTimer);
    await this.flush();
  }

  private async applyBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      try {
        await this.apply(batch);
      } catch (error) {
        this.logger.error({ err: (error as Error).message, reports: batch.length }, 'applying status reports failed; retrying one by one');
        if (!(await this.applyOneByOne(batch))) return;
      }
    }
  }

  /** Isolates a bad report so it cannot hold back the others; false when the database itself is failing. */
  private async applyOneByOne(batch: DeliveryReport[]): Promise<boolean> {
    let anyApplied = false;
    const retry: DeliveryReport[] = [];
    for (const report of batch) {
      try {
        await this.apply([report]);
        anyApplied = true;
        this.failedAttempts.delete(report);
      } catch (error) {
        const attempts = (this.failedAttempts.get(report) ?? 0) + 1;
        if (attempts < MAX_REPORT_ATTEMPTS) {
          this.failedAttempts.set(report, attempts);
          retry.push(report);
        } else {
          this.failedAttempts.delete(report);
          this.logger.error({ err: (error as Error).message, channel: report.channelId }, 'dropping a status report that cannot be stored');
        }
      }
    }
    this.buffer.unshift(...retry);
    return anyApplied || retry.length === 0;
  }

  private async apply(reports: DeliveryReport[]): Promise<void> {
    const touched = await this.receipts.recordReports(reports);
    const states = await this.receipts.segmentStates(touched);
    await this.receipts.finalize(finalizeRows(states));
  }

  private async sweepParked(): Promise<void> {
    try {
      const ready = await this.receipts.takeMatchableParkedReports(MAX_BATCH);
      if (ready.length > 0) {
        this.buffer.push(...ready);
        await this.flush();
      }
      await this.receipts.dropParkedReportsOlderThan(PARKED_RETENTION_HOURS);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'sweeping parked reports failed');
    }
  }
}
