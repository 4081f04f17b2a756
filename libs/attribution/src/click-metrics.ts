import { delayBucket } from './first-click-delay';
import { breakdownKeys, CounterPlan, funnelScopesOf, LinkAttribution, scopesOf } from './counter-plan';
import { heatmapCell } from './shanghai-clock';

export type ClickClass = 'human' | 'preview' | 'scanner' | 'bot';
export const CLICK_CLASSES: readonly ClickClass[] = ['human', 'preview', 'scanner', 'bot'];

/** A click as the rollups need it (a stored row of `clicks`). */
export interface ClickFacts {
  clickId: string;
  linkId: string;
  accountId: string;
  occurredAt: Date;
  clickClass: string;
  reason: string | null;
  device: string | null;
  os: string | null;
  browser: string | null;
  province: string | null;
  city: string | null;
  /** Time since delivery as the click writer saw it, when it knew the delivery time. */
  delayMs?: number | null;
}

/** Counter names. Funnel metrics are keyed by breakdownKeys(); the rest by their own value. */
export const Metric = {
  Sent: 'sent',
  Delivered: 'delivered',
  Clicked: 'clicked',
  Converted: 'converted',
  Clicks: 'clicks',
  NonHumanReason: 'non_human_reason',
  Heatmap: 'heatmap',
  Device: 'device',
  Os: 'os',
  Browser: 'browser',
  GeoProvince: 'geo_province',
  GeoCity: 'geo_city',
  FirstClickDelay: 'first_click_delay',
  Conversions: 'conversions',
  ConversionValue: 'conversion_value',
} as const;

const UNKNOWN = 'unknown';

/**
 * Every per-click counter: the class, and for human clicks the heatmap cell, device, OS, browser and place. A
 * per-recipient link (one person) keeps only its class counts: its detail would be a row per click, written for
 * every click of every recipient, while batch, campaign and account keep the detail that answers questions.
 */
export function planClick(plan: CounterPlan, link: LinkAttribution, click: ClickFacts): void {
  const at = click.occurredAt;
  const clickClass = (CLICK_CLASSES as readonly string[]).includes(click.clickClass)
    ? click.clickClass
    : 'bot';
  plan.addToLink(link, at, Metric.Clicks, clickClass);
  const detailScopes = scopesOf(link).filter((scope) => scope.kind !== 'link' || link.recipientId === null);
  const detail = (metric: string, key: string): void => {
    for (const scope of detailScopes) plan.add(link.accountId, scope, at, metric, key);
  };
  if (clickClass !== 'human') {
    detail(Metric.NonHumanReason, `${clickClass}:${click.reason ?? UNKNOWN}`);
    return;
  }
  detail(Metric.Heatmap, heatmapCell(at));
  detail(Metric.Device, click.device ?? UNKNOWN);
  detail(Metric.Os, click.os ?? UNKNOWN);
  detail(Metric.Browser, click.browser ?? UNKNOWN);
  detail(Metric.GeoProvince, click.province ?? UNKNOWN);
  detail(Metric.GeoCity, `${click.province ?? UNKNOWN}/${click.city ?? UNKNOWN}`);
}

/** A funnel step (sent, delivered, clicked, converted) counted once, in every scope and breakdown of the link. */
export function planFunnelStep(plan: CounterPlan, link: LinkAttribution, at: Date, metric: string): void {
  for (const scope of funnelScopesOf(link))
    for (const key of breakdownKeys(link, scope.kind)) plan.add(link.accountId, scope, at, metric, key);
}

/**
 * The link's first human click: how long after delivery it came. The delivery time recorded on the link wins; the
 * writer's own figure stands in when the delivery report has not reached the funnel yet; neither: not counted.
 */
export function planFirstClickDelay(
  plan: CounterPlan,
  link: LinkAttribution,
  clickedAt: Date,
  deliveredAt: Date | null,
  writerDelayMs: number | null = null,
): void {
  const delay = deliveredAt ? clickedAt.getTime() - deliveredAt.getTime() : writerDelayMs;
  if (delay === null) return;
  for (const scope of funnelScopesOf(link))
    plan.add(link.accountId, scope, clickedAt, Metric.FirstClickDelay, delayBucket(delay));
}

/** A per-recipient link's funnel steps as recorded on its `message_links` row. */
export interface LinkSteps {
  sentAt: Date | null;
  deliveredAt: Date | null;
  firstHumanClickAt: Date | null;
  convertedAt: Date | null;
}

/** The counter rows a per-recipient link's own steps stand for, so its analytics read like any other scope's. */
export function linkStepCounters(steps: LinkSteps): Array<{ metric: string; key: string; value: number }> {
  const rows: Array<{ metric: string; key: string; value: number }> = [];
  const step = (metric: string, at: Date | null): void => {
    if (at) rows.push({ metric, key: '', value: 1 });
  };
  step(Metric.Sent, steps.sentAt);
  step(Metric.Delivered, steps.deliveredAt);
  step(Metric.Clicked, steps.firstHumanClickAt);
  step(Metric.Converted, steps.convertedAt);
  if (steps.firstHumanClickAt && steps.deliveredAt) {
    const delay = steps.firstHumanClickAt.getTime() - steps.deliveredAt.getTime();
    rows.push({ metric: Metric.FirstClickDelay, key: delayBucket(delay), value: 1 });
  }
  return rows;
}
