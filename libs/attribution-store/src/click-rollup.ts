import {
  breakdownKeys,
  ClickFacts,
  CounterPlan,
  funnelScopesOf,
  LinkAttribution,
  Metric,
  planClick,
  planFirstClickDelay,
} from '@tongdao/attribution';
import { RowQueryRunner } from '@tongdao/database/query-rows';
import { AttributionStore, TrackedLink, UniqueClaim } from './attribution-store';

/**
 * Keeps the click rollups. Called with the clicks a writer has just inserted, inside the writer's transaction: only
 * rows whose insert actually happened may be passed, so a replayed batch (whose inserts do nothing) counts nothing,
 * and a rolled-back batch takes its counts with it. Unique clickers are claimed per scope in `attribution_uniques`,
 * so a recipient who clicks twice, or whose click is replayed, is one clicker.
 */
export class ClickRollup {
  constructor(private readonly store = new AttributionStore()) {}

  async record(runner: RowQueryRunner, clicks: readonly ClickFacts[]): Promise<void> {
    if (clicks.length === 0) return;
    const links = await this.store.byLinkIds(runner, [...new Set(clicks.map((click) => click.linkId))]);
    const attributionOf = (click: ClickFacts): TrackedLink =>
      links.get(click.linkId) ?? untrackedLink(click.accountId, click.linkId);
    const plan = new CounterPlan();
    for (const click of clicks) planClick(plan, attributionOf(click), click);
    const firstHuman = earliestHumanClickPerLink(clicks.filter((click) => links.has(click.linkId)));
    const firsts = await this.store.markFirstHumanClick(
      runner,
      [...firstHuman.values()].map((click) => ({ linkId: click.linkId, at: click.occurredAt })),
    );
    for (const link of firsts)
      planFirstClickDelay(
        plan,
        link,
        link.at,
        link.deliveredAt,
        firstHuman.get(link.linkId)?.delayMs ?? null,
      );
    await this.planUniqueClickers(runner, plan, firstHuman, links);
    await this.store.addCounters(runner, plan.sorted());
  }

  private async planUniqueClickers(
    runner: RowQueryRunner,
    plan: CounterPlan,
    firstHuman: Map<string, ClickFacts>,
    links: Map<string, TrackedLink>,
  ): Promise<void> {
    const candidates = new Map<string, { claim: UniqueClaim; link: LinkAttribution; at: Date }>();
    const ordered = [...firstHuman.values()].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    for (const click of ordered) {
      const link = links.get(click.linkId)!;
      if (!link.recipientId) continue;
      for (const scope of funnelScopesOf(link)) {
        const claim = {
          accountId: link.accountId,
          scope: scope.kind,
          scopeId: scope.id,
          recipientId: link.recipientId,
        };
        const id = `${claim.accountId}|${claim.scope}|${claim.scopeId}|${claim.recipientId}`;
        if (!candidates.has(id)) candidates.set(id, { claim, link, at: click.occurredAt });
      }
    }
    const claimed = await this.store.claimUniques(
      runner,
      'click',
      [...candidates.values()].map((candidate) => candidate.claim),
    );
    for (const claim of claimed) {
      const candidate = candidates.get(
        `${claim.accountId}|${claim.scope}|${claim.scopeId}|${claim.recipientId}`,
      )!;
      for (const key of breakdownKeys(candidate.link, claim.scope))
        plan.add(
          claim.accountId,
          { kind: claim.scope, id: claim.scopeId },
          candidate.at,
          Metric.Clicked,
          key,
        );
    }
  }
}

/** A link made through the links API rather than a message: counted for itself and its account only. */
export function untrackedLink(accountId: string, linkId: string): TrackedLink {
  return {
    accountId,
    linkId,
    messageId: null,
    batchId: null,
    campaignRef: null,
    recipientId: null,
    carrier: null,
    province: null,
    channelId: null,
    deliveredAt: null,
  };
}

function earliestHumanClickPerLink(clicks: readonly ClickFacts[]): Map<string, ClickFacts> {
  const first = new Map<string, ClickFacts>();
  for (const click of clicks) {
    if (click.clickClass !== 'human') continue;
    const seen = first.get(click.linkId);
    if (!seen || click.occurredAt < seen.occurredAt) first.set(click.linkId, click);
  }
  return first;
}
