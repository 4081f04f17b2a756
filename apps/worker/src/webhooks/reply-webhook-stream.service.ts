import { Inject, Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { encodePosition, ReplyRecord, ReplyStreamReader } from '@tongdao/database';
import { APP_CONFIG } from '@tongdao/platform';
import { replyEventView } from '@tongdao/webhooks';
import { OutboxCursorRepository } from '../outbox/outbox-cursor.repository';
import { FanoutRow, WebhookFanoutRepository } from './webhook-fanout.repository';
import { WebhookMetrics } from './webhook-metrics';

const CURSOR = 'webhooks:replies';
const BATCH = 500;
const HELD_ELSEWHERE_MS = 1_000;
const MAX_ERROR_BACKOFF_MS = 30_000;

/**
 * Feeds stored replies to the account's replies webhook, like an outbox consumer over the `replies` stream: one
 * worker at a time holds the cursor (a row lock that ends with its transaction or its connection), and the fan-out
 * is written in the transaction that advances it.
 */
@Injectable()
export class ReplyWebhookStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplyWebhookStreamService.name);
  private readonly reader = new ReplyStreamReader();
  private running = false;
  private loop?: Promise<void>;
  private waker: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly cursors: OutboxCursorRepository,
    private readonly fanout: WebhookFanoutRepository,
    private readonly metrics: WebhookMetrics,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    await this.cursors.ensure(CURSOR, 'beginning');
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waker?.();
    await this.loop;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Handles the next batch; the number of replies, or null when another worker holds the cursor. */
  async runOnce(): Promise<number | null> {
    return this.dataSource.transaction(async (tx) => {
      const cursor = await this.cursors.lock(tx, CURSOR);
      if (!cursor) return null;
      const replies = await this.reader.read(tx, cursor.position, BATCH);
      if (replies.length === 0) {
        this.metrics.replyStreamLag.set(0);
        return 0;
      }
      const accounts = [...new Set(replies.flatMap((reply) => (reply.accountId ? [reply.accountId] : [])))];
      const targets = await this.fanout.targetsFor(tx, accounts, 'reply');
      const rows = replies.flatMap((reply) => this.rowFor(reply, targets.get(reply.accountId ?? '')?.target));
      const queued = await this.fanout.enqueue(tx, 'reply', rows);
      if (queued > 0) this.metrics.eventsQueued.inc({ kind: 'reply' }, queued);
      const last = replies[replies.length - 1]!;
      await this.cursors.advance(tx, CURSOR, last.position, replies.length, this.config.worker.id);
      this.metrics.replyStreamLag.set(Math.max(0, (Date.now() - last.receivedAt.getTime()) / 1000));
      return replies.length;
    });
  }

  private rowFor(
    reply: ReplyRecord,
    target: { ownerId: string; url: string } | null | undefined,
  ): FanoutRow[] {
    if (!reply.accountId || !target) return [];
    const eventId = encodePosition(reply.position);
    return [
      {
        ownerId: target.ownerId,
        url: target.url,
        laneKey: reply.phone,
        accountId: reply.accountId,
        eventId,
        payload: replyEventView(eventId, reply),
        occurredAt: reply.receivedAt,
      },
    ];
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs = 0;
      try {
        const handled = await this.runOnce();
        failures = 0;
        if (handled === null) waitMs = HELD_ELSEWHERE_MS;
        else if (handled < BATCH) waitMs = this.config.worker.pollIntervalMs;
      } catch (error) {
        failures += 1;
        waitMs = Math.min(MAX_ERROR_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 6));
        this.logger.error(
          { err: (error as Error).message, retryInMs: waitMs },
          'reply webhook fan-out failed',
        );
      }
      if (waitMs > 0) await this.sleep(waitMs);
    }
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
