import { Inject, Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG } from '@tongdao/platform';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  retryDelayMs,
  SIGNATURE_HEADER,
  signatureHeader,
  TIMESTAMP_HEADER,
} from '@tongdao/webhooks';
import { ClaimedLane, PendingEvent, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookHttpClient, WebhookPostResult } from './webhook-http-client';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSigningSecrets } from './webhook-signing-secrets';

/** A lane that keeps having events yields its sender after this many batches, so due lanes take turns. */
const BATCHES_PER_TURN = 20;
const ERROR_BACKOFF_MS = 1_000;

/**
 * The sender pool: up to WEBHOOK_CONCURRENCY lanes at a time, each claimed with a lease and sent batch after
 * batch in id order. A slow or dead endpoint holds only its own lanes (each for one timeout at most, then it backs
 * off), and every account is capped at WEBHOOK_ACCOUNT_MAX_IN_FLIGHT lanes per worker, so other accounts' webhooks
 * keep flowing. It runs in the worker, never in the dispatch path.
 */
@Injectable()
export class WebhookDeliveryService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private running = false;
  private loop?: Promise<void>;
  private readonly active = new Set<Promise<void>>();
  private readonly inFlightByAccount = new Map<string, number>();
  private waker: (() => void) | null = null;
  private claims = 0;
  private readonly leaseSeconds: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WebhookDeliveryRepository,
    private readonly http: WebhookHttpClient,
    private readonly secrets: WebhookSigningSecrets,
    private readonly metrics: WebhookMetrics,
  ) {
    // Longer than any request may take, so a live sender never loses its lane mid-request.
    this.leaseSeconds = Math.ceil((config.webhooks.timeoutMs * 2) / 1000) + 5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming and lets the lanes being sent finish their current batch. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.active]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Look for due lanes now instead of after the poll interval. */
  wake(): void {
    this.waker?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.claimRound();
      } catch (error) {
        this.logger.error({ err: (error as Error).message }, 'claiming webhook lanes failed');
        await this.sleep(ERROR_BACKOFF_MS);
        continue;
      }
      const free = this.config.webhooks.concurrency - this.active.size;
      if (claimed === 0 || free === 0) await this.sleep(this.config.webhooks.pollIntervalMs);
    }
  }

  private async claimRound(): Promise<number> {
    const free = this.config.webhooks.concurrency - this.active.size;
    if (free <= 0) return 0;
    const cap = this.config.webhooks.accountMaxInFlight;
    const saturated = [...this.inFlightByAccount]
      .filter(([, count]) => count >= cap)
      .map(([account]) => account);
    this.claims += 1;
    const lanes = await this.repository.claim(
      free,
      `${this.config.worker.id}:${this.claims}`,
      this.leaseSeconds,
      saturated,
    );
    for (const lane of lanes) {
      if ((this.inFlightByAccount.get(lane.ownerId) ?? 0) >= cap) {
        // Claimed together with other lanes of the same account: hand it back untouched.
        await this.repository.release(lane, null, true);
        continue;
      }
      this.track(lane);
    }
    return lanes.length;
  }

  private track(lane: ClaimedLane): void {
    this.inFlightByAccount.set(lane.ownerId, (this.inFlightByAccount.get(lane.ownerId) ?? 0) + 1);
    const work = this.serve(lane)
      .catch((error: Error) => this.recordError(lane, error))
      .finally(() => {
        this.active.delete(work);
        const left = (this.inFlightByAccount.get(lane.ownerId) ?? 1) - 1;
        if (left <= 0) this.inFlightByAccount.delete(lane.ownerId);
        else this.inFlightByAccount.set(lane.ownerId, left);
        this.metrics.busySenders.set(this.active.size);
        this.wake();
      });
    this.active.add(work);
    this.metrics.busySenders.set(this.active.size);
  }

  /** Sends the lane's batches in order until it is empty, fails, or has had its turn. */
  private async serve(lane: ClaimedLane): Promise<void> {
    const { batchSize } = this.config.webhooks;
    let delivered: string[] = [];
    let afterId = '0';
    for (let turn = 0; ; turn++) {
      const batch = await this.repository.next(lane, delivered, afterId, batchSize, this.leaseSeconds);
      if (batch === null) return;
      delivered = [];
      if (!this.running || turn >= BATCHES_PER_TURN)
        return this.repository.release(lane, batch.version, true);
      if (batch.events.length === 0) return this.repository.release(lane, batch.version, false);
      const result = await this.post(lane, batch.body);
      this.metrics.requests.inc({ kind: lane.kind, outcome: result.ok ? 'delivered' : result.kind });
      this.metrics.requestDuration.observe({ kind: lane.kind }, result.durationMs / 1000);
      if (!result.ok) return this.recordFailure(lane, batch.events, result);
      this.recordDelivered(lane, batch.events);
      delivered = batch.events.map((event) => event.id);
      afterId = delivered[delivered.length - 1]!;
    }
  }

  private async post(lane: ClaimedLane, text: string): Promise<WebhookPostResult> {
    const body = Buffer.from(text, 'utf8');
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = await this.secrets.secretsFor(lane.ownerId);
    return this.http.post(
      lane.url,
      {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Tongdao-Webhooks/1',
        [EVENT_HEADER]: lane.kind,
        [DELIVERY_HEADER]: randomUUID(),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
      },
      body,
    );
  }

  /**
   * Something other than the request failed (the database, a secret that cannot be opened): the lane backs off like
   * after a failed attempt instead of staying leased until its lease runs out.
   */
  private async recordError(lane: ClaimedLane, error: Error): Promise<void> {
    this.metrics.requests.inc({ kind: lane.kind, outcome: 'error' });
    this.logger.error(
      { endpoint: lane.endpointId, lane: lane.lane, err: error.message },
      'webhook lane failed',
    );
    const { webhooks } = this.config;
    const delayMs = retryDelayMs(lane.failures + 1, {
      baseMs: webhooks.retryBaseMs,
      maxMs: webhooks.retryMaxMs,
    });
    await this.repository
      .failed(lane, [], { error: 'internal error', delayMs, retryWindowSeconds: webhooks.retryWindowSeconds })
      .catch(() => undefined);
  }

  private recordDelivered(lane: ClaimedLane, events: readonly PendingEvent[]): void {
    const now = Date.now();
    this.metrics.eventsDelivered.inc({ kind: lane.kind }, events.length);
    for (const event of events)
      this.metrics.deliveryLatency.observe(
        { kind: lane.kind },
        Math.max(0, now - event.occurredAt.getTime()) / 1000,
      );
  }

  private async recordFailure(
    lane: ClaimedLane,
    events: readonly PendingEvent[],
    result: Extract<WebhookPostResult, { ok: false }>,
  ): Promise<void> {
    const { webhooks } = this.config;
    const delayMs = retryDelayMs(lane.failures + 1, {
      baseMs: webhooks.retryBaseMs,
      maxMs: webhooks.retryMaxMs,
    });
    const dead = await this.repository.failed(
      lane,
      events.map((event) => event.id),
      { error: result.error, delayMs, retryWindowSeconds: webhooks.retryWindowSeconds },
    );
    if (dead > 0) this.metrics.deadLettered.inc({ kind: lane.kind }, dead);
    this.logger.warn(
      {
        endpoint: lane.endpointId,
        lane: lane.lane,
        kind: lane.kind,
        outcome: result.kind,
        status: result.status,
        err: result.error,
        failures: lane.failures + 1,
        retryInMs: delayMs,
        deadLettered: dead,
      },
      'webhook delivery failed',
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.waker === done) this.waker = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waker = done;
    });
  }
}
