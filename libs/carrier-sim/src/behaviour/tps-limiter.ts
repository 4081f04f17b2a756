/**
 * Fixed one-second windows, as carrier gateways count flow control: at most `cap` submits are accepted in each
 * wall-clock second; the rest get the flow-control result.
 */
export class TpsLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private cap: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  setCap(cap: number | null): void {
    this.cap = cap;
  }

  tryAcquire(): boolean {
    if (this.cap === null) return true;
    const second = Math.floor(this.now() / 1000);
    if (second !== this.windowStart) {
      this.windowStart = second;
      this.used = 0;
    }
    if (this.used >= this.cap) return false;
    this.used += 1;
    return true;
  }
}
