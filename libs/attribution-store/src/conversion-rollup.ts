import { breakdownKeys, CounterPlan, funnelScopesOf, Metric } from '@tongdao/attribution';
import { RowQueryRunner } from '@tongdao/database/query-rows';
import { AttributionStore, TrackedLink } from './attribution-store';

/**
 * Counts a newly stored conversion: the event and its value in every scope of its link, and the funnel's
 * "converted" step once per recipient and scope (a second purchase is a conversion, not a second converter).
 */
export class ConversionRollup {
  constructor(private readonly store = new AttributionStore()) {}

  async record(
    runner: RowQueryRunner,
    link: TrackedLink,
    conversion: { event: string; valueMinor: number | null; occurredAt: Date },
  ): Promise<void> {
    const plan = new CounterPlan();
    const at = conversion.occurredAt;
    for (const key of ['', `event:${conversion.event}`]) {
      plan.addToLink(link, at, Metric.Conversions, key);
      if (conversion.valueMinor) plan.addToLink(link, at, Metric.ConversionValue, key, conversion.valueMinor);
    }
    if (link.recipientId) {
      await this.store.markConverted(runner, link.linkId, at);
      const claimed = await this.store.claimUniques(
        runner,
        'conversion',
        funnelScopesOf(link).map((scope) => ({
          accountId: link.accountId,
          scope: scope.kind,
          scopeId: scope.id,
          recipientId: link.recipientId!,
        })),
      );
      for (const claim of claimed)
        for (const key of breakdownKeys(link, claim.scope))
          plan.add(link.accountId, { kind: claim.scope, id: claim.scopeId }, at, Metric.Converted, key);
    }
    await this.store.addCounters(runner, plan.sorted());
  }
}
