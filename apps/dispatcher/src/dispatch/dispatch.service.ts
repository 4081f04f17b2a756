import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { decideSubmit, MessageKind, RetryPolicy, SubmitAttempt } from '@tongdao/routing';
import { ChannelPoolService, LiveChannel } from '../channels/channel-pool.service';
import { ClaimedMessage } from './claimed-message';
import { DispatchRepository, FailedRow, RetryRow, SubmittedRow } from './dispatch.repository';
import { attemptFromError, attemptFromResult } from './submit-attempt';

/** Verification codes first, bulk marketing last: each claim round serves kinds in this order. */
const KIND_PRIORITY: readonly MessageKind[] = ['verification', 'notification', 'marketing'];
const RESULT_FLUSH_MS = 20;
const NO_CHANNEL_DELAY_MS = 1000;

/**
 * The dispatch loop: claim due messages (leased), hand each to a channel, and record outcomes in
 * group commits. Shutdown stops claiming, waits for in-flight submits and flushes their outcomes.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private submitted: SubmittedRow[] = [];
  private retries: RetryRow[] = [];
  private failures: FailedRow[] = [];
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly retryPolicy: RetryPolicy;
  private readonly submits: Counter<'channel' | 'outcome'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DispatchRepository,
    private readonly channels: ChannelPoolService,
    metrics: MetricsService,
  ) {
    this.submits = metrics.counter('tongdao_submits_total', 'Submit attempts by channel and outcome', [
      'channel',
      'outcome',
    ]);
    this.retryPolicy = {
      maxAttempts: config.dispatcher.maxAttempts,
      baseDelayMs: 2_000,
      maxDelayMs: 120_000,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.flushTimer = setInterval(() => void this.flushOutcomes(), RESULT_FLUSH_MS);
    this.loop = this.run();
  }

  /** Stops claiming, lets in-flight submits finish and records their outcomes. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    clearInterval(this.flushTimer);
    await this.flushOutcomes();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.claimRound();
      } catch (error) {
        this.logger.error({ err: (error as Error).message }, 'claim round failed');
      }
      if (claimed === 0) await sleep(this.config.dispatcher.pollIntervalMs);
      else await waitForAny(this.inFlight);
    }
  }

  private async claimRound(): Promise<number> {
    let room = Math.min(this.channels.freeCapacity(), this.config.dispatcher.claimBatch);
    let claimed = 0;
    for (const kind of KIND_PRIORITY) {
      if (room <= 0) break;
      const messages = await this.repository.claim(
        kind,
        room,
        this.config.dispatcher.id,
        this.config.dispatcher.leaseSeconds,
      );
      messages.forEach((message) => this.track(this.dispatch(message)));
      room -= messages.length;
      claimed += messages.length;
    }
    return claimed;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async dispatch(message: ClaimedMessage): Promise<void> {
    const acquired = this.channels.acquire({
      phone: message.phone,
      carrier: message.carrier,
      kind: message.kind,
    });
    const destination = `${message.carrier ?? 'international'} ${message.kind}`;
    if (acquired.kind === 'no-route') {
      this.failures.push({
        ...key(message),
        errorCode: 'NO_ROUTE',
        detail: `no channel carries ${destination} messages`,
      });
      return;
    }
    if (acquired.kind === 'busy') {
      this.retries.push({
        ...key(message),
        delayMs: NO_CHANNEL_DELAY_MS,
        errorCode: 'NO_CHANNEL_AVAILABLE',
        detail: `no ready channel for ${destination}`,
        attempted: false,
      });
      return;
    }
    const channel = acquired.live;
    const attempt = await this.submit(channel, message);
    this.channels.release(channel);
    this.record(message, channel.definition.id, attempt);
  }

  private async submit(channel: LiveChannel, message: ClaimedMessage): Promise<SubmitAttempt> {
    try {
      const result = await channel.carrierChannel.submit({
        reference: message.id,
        destination: message.phone,
        text: message.content,
        requestReport: true,
      });
      return attemptFromResult(result);
    } catch (error) {
      return attemptFromError(error);
    }
  }

  private record(message: ClaimedMessage, channelId: string, attempt: SubmitAttempt): void {
    const decision = decideSubmit(attempt, message.attempts, this.retryPolicy);
    this.submits.inc({ channel: channelId, outcome: decision.action });
    if (decision.action === 'mark-submitted') {
      this.submitted.push({ ...key(message), channelId, carrierMessageIds: decision.carrierMessageIds });
    } else if (decision.action === 'retry') {
      this.retries.push({
        ...key(message),
        delayMs: decision.delayMs,
        errorCode: decision.errorCode,
        detail: decision.detail,
        attempted: true,
      });
    } else {
      this.failures.push({ ...key(message), errorCode: decision.errorCode, detail: decision.detail });
    }
  }

  /** Serialised group commit of everything decided since the last flush. */
  flushOutcomes(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeOutcomes());
    return this.flushing;
  }

  private async writeOutcomes(): Promise<void> {
    const submitted = this.submitted.splice(0);
    const retries = this.retries.splice(0);
    const failures = this.failures.splice(0);
    try {
      await this.repository.markSubmitted(submitted);
      await this.repository.scheduleRetry(retries);
      await this.repository.markFailed(failures);
    } catch (error) {
      // Keep the outcomes and try again: the leases protect these messages meanwhile.
      this.submitted.unshift(...submitted);
      this.retries.unshift(...retries);
      this.failures.unshift(...failures);
      this.logger.error({ err: (error as Error).message }, 'recording submit outcomes failed; will retry');
    }
  }
}

function key(message: ClaimedMessage): { id: string; createdAt: string } {
  return { id: message.id, createdAt: message.createdAt };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForAny(pending: Set<Promise<void>>): Promise<void> {
  if (pending.size === 0) return Promise.resolve();
  return Promise.race([...pending, sleep(50)]);
}
