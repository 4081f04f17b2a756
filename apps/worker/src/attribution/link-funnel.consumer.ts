import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryRollup } from '@tongdao/attribution-store';
import { OutboxEvent } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { AsOutboxConsumer, OutboxConsumer } from '../outbox/outbox-consumer';

/**
 * The sent and delivered steps of the link funnel (issue 8b): counts messages that carry a per-recipient link when
 * they reach SUBMITTED and DELIVERED, per link, batch, campaign and account, broken down by channel, carrier and
 * province. Runs in the cursor's transaction, and each step is counted by the update that first records it, so a
 * message counts once however often its events are handed over.
 */
@Injectable()
@AsOutboxConsumer()
export class LinkFunnelConsumer implements OutboxConsumer {
  readonly name = 'link-funnel';
  private readonly rollup = new DeliveryRollup();

  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    const steps = events
      .filter((event) => event.status === MessageStatus.Submitted || event.status === MessageStatus.Delivered)
      .map((event) => ({
        messageId: event.messageId,
        status: event.status,
        occurredAt: event.occurredAt,
        channelId: event.channelId,
      }));
    await this.rollup.record(tx, steps);
  }
}
