/** Where a pace (an account's, or the platform's) stands: the next free release slot. */
export interface PaceState {
  key: string;
  nextSlotAt: Date;
  /** Releases per second. */
  ratePerSecond: number;
}

export interface PacedRelease {
  /** When each released message becomes due for the dispatcher, in order. */
  dueAt: Date[];
  /** The next free slot of every pace afterwards. */
  nextSlots: Map<string, Date>;
}

/**
 * Spreads released messages over time instead of letting them all fall due at once (08:00 after quiet hours):
 * each message takes the next slot of every pace it is subject to (its account's and the platform's), slots being
 * 1/rate apart. Messages whose slot would lie beyond `horizon` stay back for a later round, so no pace runs far
 * ahead and a later quiet-window or review change still reaches them.
 */
export function paceReleases(
  count: number,
  paces: readonly PaceState[],
  now: Date,
  horizonMs: number,
): PacedRelease {
  const slots = new Map(paces.map((pace) => [pace.key, Math.max(now.getTime(), pace.nextSlotAt.getTime())]));
  const limit = now.getTime() + horizonMs;
  const dueAt: Date[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = Math.max(...paces.map((pace) => slots.get(pace.key)!));
    if (at > limit) break;
    dueAt.push(new Date(at));
    for (const pace of paces) slots.set(pace.key, at + 1000 / pace.ratePerSecond);
  }
  return {
    dueAt,
    nextSlots: new Map([...slots].map(([key, at]) => [key, new Date(at)])),
  };
}
