import { CounterPlan, Metric, planFunnelStep } from '@tongdao/attribution';
import { RowQueryRunner } from '@tongdao/database/query-rows';
import { AttributionStore } from './attribution-store';

/** A message status change as the funnel needs it (from the message outbox). */
export interface DeliveryStep {
  messageId: string;
  status: string;
  occurredAt: Date;
  channelId: string | null;
}

/**
 * The sent and delivered steps of the funnel, for messages that carry a per-recipient link. Each step is counted by
 * the update that first sets it on the message's link row, so a message is sent once and delivered once however
 * often its events are handed over.
 */
export class DeliveryRollup {
  constructor(private readonly store = new AttributionStore()) {}

  async record(runner: RowQueryRunner, steps: readonly DeliveryStep[]): Promise<void> {
    const submitted = steps.filter((step) => step.status === 'SUBMITTED');
    const delivered = steps.filter((step) => step.status === 'DELIVERED');
    if (submitted.length === 0 && delivered.length === 0) return;
    const plan = new CounterPlan();
    const sent = await this.store.markSent(
      runner,
      dedupe(submitted).map((step) => ({
        messageId: step.messageId,
        at: step.occurredAt,
        channelId: step.channelId,
      })),
    );
    for (const link of sent) planFunnelStep(plan, link, link.at, Metric.Sent);
    const done = await this.store.markDelivered(
      runner,
      dedupe(delivered).map((step) => ({ messageId: step.messageId, at: step.occurredAt })),
    );
    for (const link of done) planFunnelStep(plan, link, link.at, Metric.Delivered);
    await this.store.addCounters(runner, plan.sorted());
  }
}

/** One step per message (an UPDATE ... FROM must not see the same row twice). */
function dedupe(steps: readonly DeliveryStep[]): DeliveryStep[] {
  const byMessage = new Map<string, DeliveryStep>();
  for (const step of steps) if (!byMessage.has(step.messageId)) byMessage.set(step.messageId, step);
  return [...byMessage.values()];
}
