/** How a request waits for its turn (login, window slot, TPS token). */
export interface WaitOptions {
  /** Lower goes first: 0 verification codes, 1 notifications, 2 marketing. Within a lane, arrival order. */
  priority?: number;
  /** Aborting withdraws the request if it has not been written yet (SubmitWithdrawnError). */
  signal?: AbortSignal;
}

export const PRIORITY_LANES = 3;
export const DEFAULT_PRIORITY = 1;

export function laneOf(priority: number | undefined): number {
  const lane = Math.trunc(priority ?? DEFAULT_PRIORITY);
  return Math.min(PRIORITY_LANES - 1, Math.max(0, lane));
}
