/** Upper bounds (exclusive) of the time-to-first-click buckets, in seconds; the last bucket is open. */
export const DELAY_BUCKETS: ReadonlyArray<{ label: string; upToSeconds: number }> = [
  { label: 'lt_1m', upToSeconds: 60 },
  { label: '1m_5m', upToSeconds: 300 },
  { label: '5m_15m', upToSeconds: 900 },
  { label: '15m_1h', upToSeconds: 3_600 },
  { label: '1h_6h', upToSeconds: 21_600 },
  { label: '6h_24h', upToSeconds: 86_400 },
  { label: '1d_3d', upToSeconds: 259_200 },
  { label: 'gte_3d', upToSeconds: Number.POSITIVE_INFINITY },
];

export function delayBucket(delayMs: number): string {
  const seconds = Math.max(0, delayMs) / 1000;
  return DELAY_BUCKETS.find((bucket) => seconds < bucket.upToSeconds)!.label;
}

/**
 * The median estimated from bucket counts, interpolating linearly inside the bucket that holds it (the open last
 * bucket answers its lower bound). Null without data. Good to within one bucket's width, which is what a chart needs.
 */
export function estimateMedianSeconds(counts: Readonly<Record<string, number>>): number | null {
  const total = DELAY_BUCKETS.reduce((sum, bucket) => sum + (counts[bucket.label] ?? 0), 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  let lower = 0;
  for (const bucket of DELAY_BUCKETS) {
    const count = counts[bucket.label] ?? 0;
    if (count > 0 && seen + count >= half) {
      if (!Number.isFinite(bucket.upToSeconds)) return lower;
      return Math.round(lower + ((half - seen) / count) * (bucket.upToSeconds - lower));
    }
    seen += count;
    lower = bucket.upToSeconds;
  }
  return lower;
}
