import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import {
  BillingCalendar,
  BillingKind,
  planSettlement,
  priceKeyOf,
  Reservation,
  SettledMessage,
} from '@tongdao/billing';
import { BalanceStore, LedgerStore, ReservationStore, UsageStore } from '@tongdao/billing-store';
import { OutboxEvent } from '@tongdao/database';
import { isFinal, MessageStatus } from '@tongdao/lifecycle';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { AsOutboxConsumer, OutboxConsumer } from '../outbox/outbox-consumer';

/**
 * Settles each message's reservation when the message reaches its final status, at every level of the tree:
 * submitted segments are charged (and refunded where the level's refund policy says so), messages that never
 * reached a carrier are released. The daily usage rollups are kept in the same transaction.
 *
 * An outbox consumer: `handle` runs inside the transaction that advances this consumer's cursor, so every effect
 * happens exactly once. Balance stripes are locked last, in the one global order (deepest account first), so a
 * reseller's rows are held only until that transaction commits.
 */
@Injectable()
@AsOutboxConsumer()
export class BillingSettlementConsumer implements OutboxConsumer {
  readonly name = 'billing-settlement';
  private readonly logger = new Logger(BillingSettlementConsumer.name);
  private readonly calendar: BillingCalendar;
  private readonly settled: Counter<'outcome'>;
  private readonly unreserved: Counter<string>;

  constructor(
    private readonly reservations: ReservationStore,
    private readonly balances: BalanceStore,
    private readonly ledger: LedgerStore,
    private readonly usage: UsageStore,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: MetricsService,
  ) {
    this.calendar = new BillingCalendar(config.resellers.billingTimeZone);
    this.settled = metrics.counter('tongdao_billing_settled_messages_total', 'Messages settled by billing', [
      'outcome',
    ]);
    this.unreserved = metrics.counter(
      'tongdao_billing_unreserved_messages_total',
      'Final messages without a reservation (accepted before billing, or not through the API)',
    );
  }

  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    const finals = events.filter((event) => isFinal(event.status));
    if (finals.length === 0) return;
    const reservations = await this.reservations.find(tx, [...new Set(finals.map(reservationIdOf))]);
    const messages: SettledMessage[] = [];
    for (const event of finals) {
      const reservation = reservations.get(reservationIdOf(event));
      if (reservation) messages.push(this.settledMessage(event, reservation));
      else this.unreserved.inc();
    }
    if (messages.length === 0) return;
    const plan = planSettlement(messages, reservations);
    await this.reservations.advance(tx, plan.progress);
    await this.ledger.append(tx, plan.ledger);
    await this.usage.add(tx, plan.usage);
    await this.balances.applyDeltas(tx, plan.stripes);
    for (const message of messages)
      this.settled.inc({
        outcome: message.outcome.delivered
          ? 'delivered'
          : message.outcome.submitted
            ? 'failed'
            : 'not_submitted',
      });
    this.logger.debug({ messages: messages.length, entries: plan.ledger.length }, 'settled');
  }

  private settledMessage(event: OutboxEvent, reservation: Reservation): SettledMessage {
    return {
      messageId: event.messageId,
      reservationId: reservation.id,
      kind: event.kind as BillingKind,
      key: priceKeyOf(event.carrier, event.province),
      day: this.calendar.dayOf(new Date(event.messageCreatedAt)),
      outcome: {
        submitted: event.submittedAt !== null,
        delivered: event.status === MessageStatus.Delivered,
        segments: event.segments,
      },
    };
  }
}

/** A batch's messages share the batch's reservation; a single send's reservation has the message's id. */
function reservationIdOf(event: OutboxEvent): string {
  return event.batchId ?? event.messageId;
}
