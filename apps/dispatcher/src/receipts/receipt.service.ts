import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MessageTransition, outcomeOfSegments } from '@tongdao/lifecycle';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { DeliveryReport, ReportAck } from '@tongdao/protocols';
import { RecordedSubmits } from '../dispatch/recorded-submits';
import { MatchedReport, ReceiptRepository } from './receipt.repository';

const MAX_BATCH = 1000;
/**
 * Independent store pipelines. Reports are spread over them by channel, so one channel's reports are stored in
 * order, while a slow batch of one channel does not hold up the acknowledgements (and so the report windows) of
 * the others.
 */
const SHARDS = 2;
const RETRY_DELAY_MS = 500;
const PARKED_SWEEP_MS = 2000;
/** A report that keeps failing on its own (not with its batch) is given up after this many tries. */
const MAX_REPORT_ATTEMPTS = 5;

interface PendingReport {
  report: DeliveryReport;
  ack: ReportAck;
  attempts: number;
}

/** What a stored report told about a channel, for delivery-rate learning. */
export interface DeliveryObservation {
  channelId: string;
  carrier: string | null;
  province: string | null;
  delivered: boolean;
  /** From the submit being recorded to the report arriving; null when unknown. */
  latencyMs: number | null;
}

export type DeliveryListener = (observations: readonly DeliveryObservation[]) => void;

class ReportShard {
  buffer: PendingReport[] = [];
  flushing: Promise<void> | null = null;
  retryTimer?: NodeJS.Timeout;
}

/**
 * Stores status reports in group commits and acknowledges each to its carrier only once stored, so a crash loses
 * no report (the carrier resends unacknowledged ones). Each shard commits as soon as its previous commit ends,
 * batching whatever arrived meanwhile.
 */
@Injectable()
export class ReceiptService {
  private readonly logger = new Logger(ReceiptService.name);
  private readonly shards = Array.from({ length: SHARDS }, () => new ReportShard());
  private readonly shardOfChannel = new Map<string, ReportShard>();
  private readonly listeners: DeliveryListener[] = [];
  private sweepTimer?: NodeJS.Timeout;
  /** Reports whose submit is not known to be awaiting its commit yet; looked at again after this turn. */
  private unsure: Array<{ report: DeliveryReport; ack: ReportAck }> = [];
  private readonly received: Counter<'channel' | 'stat'>;
  private readonly parkedMatched: Counter;
  private readonly parked: Gauge<'state'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly receipts: ReceiptRepository,
    private readonly recordedSubmits: RecordedSubmits,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('tongdao_delivery_reports_total', 'Status reports received', [
      'channel',
      'stat',
    ]);
    this.parkedMatched = metrics.counter(
      'tongdao_unmatched_reports_matched_total',
      'Reports that arrived before their submit was recorded and were matched later',
    );
    this.parked = metrics.gauge(
      'tongdao_unmatched_reports',
      'Reports waiting for their submit to be recorded (waiting) or given up after RECEIPT_WAIT_HOURS (given_up)',
      ['state'],
    );
  }

  /** Listeners learn, after each commit, what the stored reports said about their channels. */
  onDeliveries(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweepParked(), PARKED_SWEEP_MS);
  }

  /**
   * A report often arrives in the same read from the socket as its own submit's answer, and is handed over before
   * the promise chain carrying that answer has reached the dispatcher's bookkeeping. Such a report is looked at
   * again after this turn's microtasks, by which time its submit is waiting for its commit; without the second
   * look about a third of the reports in the end-to-end benchmark were parked as unmatched and matched later by the
   * sweep, at three extra statements each.
   */
  accept(report: DeliveryReport, ack: ReportAck): void {
    this.received.inc({ channel: report.channelId, stat: report.stat });
    if (this.awaitSubmit(report, ack)) return;
    this.unsure.push({ report, ack });
    if (this.unsure.length === 1) setImmediate(() => this.lookAgain());
  }

  private awaitSubmit(report: DeliveryReport, ack: ReportAck): boolean {
    const recording = this.recordedSubmits.whenRecorded(report.channelId, report.carrierMessageId);
    if (!recording) return false;
    void recording.then(() => this.enqueue(report, ack));
    return true;
  }

  private lookAgain(): void {
    for (const { report, ack } of this.unsure.splice(0))
      if (!this.awaitSubmit(report, ack)) this.enqueue(report, ack);
  }

  private enqueue(report: DeliveryReport, ack: ReportAck): void {
    const shard = this.shardFor(report.channelId);
    shard.buffer.push({ report, ack, attempts: 0 });
    void this.flushShard(shard);
  }

  /** Resolves once everything buffered before the call is stored (or set aside for a retry). */
  async flush(): Promise<void> {
    this.lookAgain();
    await Promise.all(this.shards.map((shard) => this.flushShard(shard)));
  }

  /** Stores what is buffered; reports that still fail stay unacknowledged, so the carrier resends them. */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const shard of this.shards) clearTimeout(shard.retryTimer);
    await this.flush();
  }

  private shardFor(channelId: string): ReportShard {
    let shard = this.shardOfChannel.get(channelId);
    if (!shard) {
      shard = this.shards[this.shardOfChannel.size % SHARDS]!;
      this.shardOfChannel.set(channelId, shard);
    }
    return shard;
  }

  /**
   * One drain per shard at a time: callers while it runs share its promise (it takes what they buffered in its
   * next round) instead of each waiting to start a drain of its own.
   */
  private flushShard(shard: ReportShard): Promise<void> {
    if (shard.flushing) return shard.flushing;
    if (shard.buffer.length === 0) return Promise.resolve();
    shard.flushing = this.drain(shard);
    return shard.flushing;
  }

  /** Clears `flushing` in the same turn as its last look at the buffer, so no report is left behind unflushed. */
  private async drain(shard: ReportShard): Promise<void> {
    try {
      while (shard.buffer.length > 0) {
        await this.applyBuffered(shard);
        if (shard.retryTimer) break;
      }
    } finally {
      shard.flushing = null;
    }
  }

  private async applyBuffered(shard: ReportShard): Promise<void> {
    const batch = shard.buffer.splice(0, MAX_BATCH);
    try {
      await this.apply(batch.map((pending) => pending.report));
      batch.forEach((pending) => pending.ack());
    } catch (error) {
      this.logger.error(
        { err: (error as Error).message, reports: batch.length },
        'storing status reports failed; retrying one by one',
      );
      await this.applyOneByOne(shard, batch);
    }
  }

  /** Isolates a bad report so it cannot hold back the others; the rest wait for a retry if the database is down. */
  private async applyOneByOne(shard: ReportShard, batch: PendingReport[]): Promise<void> {
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
          'giving up on a status report that cannot be stored',
        );
      }
    }
    if (retry.length === 0) return;
    shard.buffer.unshift(...retry);
    shard.retryTimer = setTimeout(() => {
      shard.retryTimer = undefined;
      void this.flushShard(shard);
    }, RETRY_DELAY_MS);
  }

  /**
   * Stores the reports, which finalises one-segment messages in the same statement; then a long message once every
   * segment has reported.
   */
  private async apply(reports: DeliveryReport[]): Promise<void> {
    const matched = await this.receipts.storeReports(reports);
    const long = new Map<string, { id: string; createdAt: string }>();
    for (const report of matched)
      if (report.segments > 1)
        long.set(report.messageId, { id: report.messageId, createdAt: report.messageCreatedAt });
    if (long.size > 0) await this.finalizeLong([...long.values()]);
    this.notify(matched);
  }

  private async finalizeLong(messages: Array<{ id: string; createdAt: string }>): Promise<void> {
    const transitions: MessageTransition[] = [];
    for (const message of await this.receipts.segmentStates(messages)) {
      const outcome = outcomeOfSegments(message.segments, message.reports);
      if (!outcome) continue;
      transitions.push({
        id: message.messageId,
        createdAt: message.messageCreatedAt,
        to: outcome.status,
        errorCode: outcome.errorCode,
        detail: outcome.detail,
      });
    }
    await this.receipts.finalize(transitions);
  }

  private notify(matched: readonly MatchedReport[]): void {
    if (this.listeners.length === 0 || matched.length === 0) return;
    const now = Date.now();
    const observations = matched.map((report) => ({
      channelId: report.channelId,
      carrier: report.carrier,
      province: report.province,
      delivered: report.delivered,
      latencyMs: report.submittedAt ? Math.max(0, now - report.submittedAt.getTime()) : null,
    }));
    for (const listener of this.listeners) {
      try {
        listener(observations);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'delivery listener failed');
      }
    }
  }

  /** Parked reports whose submit has since been recorded go through again (stored already: no ack). */
  async sweepParked(): Promise<void> {
    try {
      const ready = await this.receipts.matchableParkedReports(MAX_BATCH);
      if (ready.length > 0) {
        await this.apply(ready);
        await this.receipts.removeParked(ready);
        this.parkedMatched.inc(ready.length);
      }
      const hours = this.config.dispatcher.receiptWaitHours;
      const givenUp = await this.receipts.giveUpParkedReportsOlderThan(hours);
      if (givenUp > 0)
        this.logger.warn({ reports: givenUp, hours }, 'status reports found no submit in time');
      const counts = await this.receipts.parkedCounts();
      this.parked.set({ state: 'waiting' }, counts.waiting);
      this.parked.set({ state: 'given_up' }, counts.givenUp);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'sweeping parked reports failed');
    }
  }
}
