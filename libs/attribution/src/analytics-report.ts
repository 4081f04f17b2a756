import { CLICK_CLASSES, Metric } from './click-metrics';
import { DELAY_BUCKETS, estimateMedianSeconds } from './first-click-delay';
import { formatMinor } from './conversion-value';
import { parseHeatmapCell } from './shanghai-clock';

export interface CounterRow {
  metric: string;
  key: string;
  value: number;
}

export interface FunnelRow {
  sent: number;
  delivered: number;
  clicked: number;
  converted: number;
  delivery_rate: number | null;
  click_rate: number | null;
  conversion_rate: number | null;
}

export interface AnalyticsReport {
  clicks: {
    total: number;
    human: number;
    non_human: number;
    by_class: Record<string, number>;
    non_human_reasons: Record<string, number>;
  };
  unique_clickers: number;
  heatmap: { time_zone: 'Asia/Shanghai'; days: string[]; matrix: number[][] };
  devices: Record<string, number>;
  os: Record<string, number>;
  browsers: Record<string, number>;
  provinces: Record<string, number>;
  cities: Record<string, number>;
  first_click_delay: { buckets: Record<string, number>; median_seconds: number | null; clickers: number };
  funnel: FunnelRow & {
    by_channel: Array<FunnelRow & { channel: string }>;
    by_carrier: Array<FunnelRow & { carrier: string }>;
    by_province: Array<FunnelRow & { province: string }>;
  };
  conversions: {
    count: number;
    value: string;
    value_minor: number;
    by_event: Record<string, { count: number; value_minor: number }>;
  };
}

export const HEATMAP_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Shapes summed counter rows of one scope into the analytics answer. Pure, so every field is unit-tested. */
export function buildAnalyticsReport(rows: readonly CounterRow[]): AnalyticsReport {
  const by = groupByMetric(rows);
  const clicks = by.get(Metric.Clicks) ?? new Map<string, number>();
  const byClass = Object.fromEntries(CLICK_CLASSES.map((name) => [name, clicks.get(name) ?? 0]));
  const human = byClass.human ?? 0;
  const total = [...clicks.values()].reduce((sum, value) => sum + value, 0);
  const delays = toRecord(by.get(Metric.FirstClickDelay));
  const conversions = by.get(Metric.Conversions) ?? new Map<string, number>();
  const values = by.get(Metric.ConversionValue) ?? new Map<string, number>();
  const byEvent: Record<string, { count: number; value_minor: number }> = {};
  for (const [key, count] of conversions) {
    if (key.startsWith('event:')) byEvent[key.slice(6)] = { count, value_minor: values.get(key) ?? 0 };
  }
  const valueMinor = values.get('') ?? 0;
  return {
    clicks: {
      total,
      human,
      non_human: total - human,
      by_class: byClass,
      non_human_reasons: toRecord(by.get(Metric.NonHumanReason)),
    },
    unique_clickers: by.get(Metric.Clicked)?.get('') ?? 0,
    heatmap: {
      time_zone: 'Asia/Shanghai',
      days: HEATMAP_DAYS,
      matrix: heatmapMatrix(by.get(Metric.Heatmap)),
    },
    devices: toRecord(by.get(Metric.Device)),
    os: toRecord(by.get(Metric.Os)),
    browsers: toRecord(by.get(Metric.Browser)),
    provinces: toRecord(by.get(Metric.GeoProvince)),
    cities: toRecord(by.get(Metric.GeoCity)),
    first_click_delay: {
      buckets: Object.fromEntries(DELAY_BUCKETS.map((bucket) => [bucket.label, delays[bucket.label] ?? 0])),
      median_seconds: estimateMedianSeconds(delays),
      clickers: Object.values(delays).reduce((sum, value) => sum + value, 0),
    },
    funnel: {
      ...funnelRow(by, ''),
      by_channel: breakdown(by, 'channel').map(([value, row]) => ({ channel: value, ...row })),
      by_carrier: breakdown(by, 'carrier').map(([value, row]) => ({ carrier: value, ...row })),
      by_province: breakdown(by, 'province').map(([value, row]) => ({ province: value, ...row })),
    },
    conversions: {
      count: conversions.get('') ?? 0,
      value: formatMinor(valueMinor),
      value_minor: valueMinor,
      by_event: byEvent,
    },
  };
}

const FUNNEL_METRICS = [Metric.Sent, Metric.Delivered, Metric.Clicked, Metric.Converted];

function funnelRow(by: Map<string, Map<string, number>>, key: string): FunnelRow {
  const [sent, delivered, clicked, converted] = FUNNEL_METRICS.map(
    (metric) => by.get(metric)?.get(key) ?? 0,
  ) as [number, number, number, number];
  return {
    sent,
    delivered,
    clicked,
    converted,
    delivery_rate: rate(delivered, sent),
    click_rate: rate(clicked, delivered),
    conversion_rate: rate(converted, clicked),
  };
}

/** One funnel row per value of the dimension, largest `sent` first. */
function breakdown(by: Map<string, Map<string, number>>, dimension: string): Array<[string, FunnelRow]> {
  const prefix = `${dimension}:`;
  const values = new Set<string>();
  for (const metric of FUNNEL_METRICS)
    for (const key of by.get(metric)?.keys() ?? [])
      if (key.startsWith(prefix)) values.add(key.slice(prefix.length));
  return [...values]
    .map((value): [string, FunnelRow] => [value, funnelRow(by, prefix + value)])
    .sort((a, b) => b[1].sent - a[1].sent || b[1].clicked - a[1].clicked || (a[0] < b[0] ? -1 : 1));
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function heatmapMatrix(cells: Map<string, number> | undefined): number[][] {
  const matrix = HEATMAP_DAYS.map(() => new Array<number>(24).fill(0));
  for (const [cell, value] of cells ?? []) {
    const parsed = parseHeatmapCell(cell);
    if (parsed) matrix[parsed.dow - 1]![parsed.hour] = value;
  }
  return matrix;
}

function groupByMetric(rows: readonly CounterRow[]): Map<string, Map<string, number>> {
  const by = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let metric = by.get(row.metric);
    if (!metric) by.set(row.metric, (metric = new Map()));
    metric.set(row.key, (metric.get(row.key) ?? 0) + row.value);
  }
  return by;
}

/** Largest first, so the answer reads as a ranking. */
function toRecord(map: Map<string, number> | undefined): Record<string, number> {
  return Object.fromEntries([...(map ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
