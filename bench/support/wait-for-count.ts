/**
 * Waits until `count()` reaches `total`; gives up (returns false) once it has not moved for `stallMs`, so a run
 * whose last receipts never come ends with what it got instead of hanging.
 */
export async function waitForCount(count: () => number, total: number, stallMs = 60_000): Promise<boolean> {
  let last = count();
  let changedAt = Date.now();
  while (last < total) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = count();
    if (now !== last) [last, changedAt] = [now, Date.now()];
    else if (Date.now() - changedAt > stallMs) return false;
  }
  return true;
}
