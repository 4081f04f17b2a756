import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { encodePosition, OutboxEvent } from '@tongdao/database';
import { reportEventView } from '@tongdao/webhooks';
import { AsOutboxConsumer, OutboxConsumer } from '../outbox/outbox-consumer';
import { FanoutRow, WebhookFanoutRepository } from './webhook-fanout.repository';
import { WebhookMetrics } from './webhook-metrics';

/**
 * Turns message status changes into report webhooks: each event goes to its message's callback_url, else to the
 * account's default reports URL (or an ancestor's that covers descendants), filtered by the account's statuses.
 * Runs in the outbox cursor's transaction, so every event is queued exactly once.
 */
@Injectable()
@AsOutboxConsumer()
export class ReportWebhookConsumer implements OutboxConsumer {
  readonly name = 'webhooks:reports';
  /** A new installation (or an upgrade) does not push the history it already has. */
  readonly startAt = 'now' as const;
  /** Larger than the default: one cursor transaction per few thousand events keeps the fan-out ahead of senders. */
  readonly batchSize = 5000;

  constructor(
    private readonly fanout: WebhookFanoutRepository,
    private readonly metrics: WebhookMetrics,
  ) {}

  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    const accounts = [...new Set(events.map((event) => event.accountId))];
    const targets = await this.fanout.targetsFor(tx, accounts, 'report');
    const rows: FanoutRow[] = [];
    for (const event of events) {
      const settings = targets.get(event.accountId);
      const target = event.callbackUrl
        ? { ownerId: event.accountId, url: event.callbackUrl, statuses: settings?.ownStatuses ?? null }
        : settings?.target;
      if (!target || (target.statuses && !target.statuses.includes(event.status))) continue;
      const eventId = encodePosition(event.position);
      rows.push({
        ownerId: target.ownerId,
        url: target.url,
        laneKey: event.messageId,
        accountId: event.accountId,
        eventId,
        payload: reportEventView(eventId, event),
        occurredAt: event.occurredAt,
      });
    }
    const queued = await this.fanout.enqueue(tx, 'report', rows);
    if (queued > 0) this.metrics.eventsQueued.inc({ kind: 'report' }, queued);
  }
}
