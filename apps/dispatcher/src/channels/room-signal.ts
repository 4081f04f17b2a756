/** Wakes messages waiting for room when anything that could make room happens (a slot freed, a channel came back). */
export class RoomSignal {
  private waiters: Array<() => void> = [];

  notify(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notice, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, timeoutMs));
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      waiters.push(done);
    });
  }
}
