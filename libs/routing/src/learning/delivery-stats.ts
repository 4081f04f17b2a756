/** Upper bounds (ms) of the receipt-latency histogram buckets; the last one catches everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1_000,
  2_000,
  5_000,
  10_000,
  30_000,
  60_000,
  300_000,
  Infinity,
];

/** One finalized message as the receipt path reports it to learning. */
export interface ReceiptOutcome {
  channelId: string;
  carrier: string | null;
  province: string | null;
  delivered: boolean;
  /** From submit to the final report; null when unknown. */
  latencyMs: number | null;
}

/** Receipts of one channel for one carrier and province (or all provinces: '*') over some time. */
export interface DeliveryStats {
  total: number;
  delivered: number;
  /** Receipts whose latency is known, and the sum of their latencies. */
  timed: number;
  latencySumMs: number;
  /** Counts per LATENCY_BOUNDS_MS bucket (of the timed receipts). */
  latencyHistogram: number[];
}

export const ALL_PROVINCES = '*';

export function emptyStats(): DeliveryStats {
  return {
    total: 0,
    delivered: 0,
    timed: 0,
    latencySumMs: 0,
    latencyHistogram: LATENCY_BOUNDS_MS.map(() => 0),
  };
}

export function addOutcome(
  stats: DeliveryStats,
  outcome: Pick<ReceiptOutcome, 'delivered' | 'latencyMs'>,
): void {
  stats.total += 1;
  if (outcome.delivered) stats.delivered += 1;
  if (outcome.latencyMs === null || !Number.isFinite(outcome.latencyMs)) return;
  const latency = Math.max(0, Math.round(outcome.latencyMs));
  stats.timed += 1;
  stats.latencySumMs += latency;
  stats.latencyHistogram[latencyBucket(latency)]! += 1;
}

export function mergeStats(into: DeliveryStats, from: DeliveryStats): DeliveryStats {
  into.total += from.total;
  into.delivered += from.delivered;
  into.timed += from.timed;
  into.latencySumMs += from.latencySumMs;
  from.latencyHistogram.forEach((count, index) => (into.latencyHistogram[index]! += count));
  return into;
}

export function latencyBucket(latencyMs: number): number {
  return LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
}

export function deliveryRate(stats: DeliveryStats): number | null {
  return stats.total === 0 ? null : stats.delivered / stats.total;
}

export function meanLatencyMs(stats: DeliveryStats): number | null {
  return stats.timed === 0 ? null : Math.round(stats.latencySumMs / stats.timed);
}

/** The bucket bound under which `quantile` of the receipts arrived (an upper estimate). */
export function latencyQuantileMs(stats: DeliveryStats, quantile: number): number | null {
  if (stats.timed === 0) return null;
  const needed = Math.ceil(stats.timed * quantile);
  let seen = 0;
  for (let index = 0; index < stats.latencyHistogram.length; index += 1) {
    seen += stats.latencyHistogram[index]!;
    if (seen >= needed) return LATENCY_BOUNDS_MS[index] === Infinity ? null : LATENCY_BOUNDS_MS[index]!;
  }
  return null;
}

/** `channel|carrier|province`, province '' when unknown and '*' for the carrier as a whole. */
export function statsKey(channelId: string, carrier: string, province: string | null): string {
  return `${channelId}|${carrier}|${province ?? ''}`;
}

export function parseStatsKey(key: string): { channelId: string; carrier: string; province: string | null } {
  const [channelId = '', carrier = '', province = ''] = key.split('|');
  return { channelId, carrier, province: province === '' ? null : province };
}

/** Adds, for every channel and carrier, the sum over provinces under province '*'. */
export function withCarrierTotals(byKey: ReadonlyMap<string, DeliveryStats>): Map<string, DeliveryStats> {
  const result = new Map(byKey);
  for (const [key, stats] of byKey) {
    const { channelId, carrier, province } = parseStatsKey(key);
    if (province === ALL_PROVINCES) continue;
    const totalKey = statsKey(channelId, carrier, ALL_PROVINCES);
    result.set(totalKey, mergeStats(result.get(totalKey) ?? emptyStats(), stats));
  }
  return result;
}
