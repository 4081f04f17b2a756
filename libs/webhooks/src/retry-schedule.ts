export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next attempt after `failures` consecutive failures: doubling from `baseMs`, capped at `maxMs`,
 * with equal jitter (half fixed, half random) so endpoints that failed together do not retry in lockstep.
 */
export function retryDelayMs(
  failures: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 40);
  const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
