export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** Fraction of each delay that is randomised, 0..1; spreads reconnect storms across many clients. */
  jitter?: number;
  random?: () => number;
}

/** Exponential backoff with jitter: delay n lies in [base·(1 − jitter), base] where base = min(max, initial·factor^n). */
export class ExponentialBackoff {
  private attempt = 0;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    if (options.initialMs <= 0 || options.maxMs < options.initialMs) {
      throw new RangeError('backoff needs 0 < initialMs <= maxMs');
    }
    this.factor = options.factor ?? 2;
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
    this.random = options.random ?? Math.random;
  }

  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * this.factor ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (1 - this.jitter + this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
