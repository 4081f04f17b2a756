export interface SequenceGeneratorOptions {
  /** Largest id handed out before wrapping back to 1 (0x7fffffff for CMPP/SMGP peers that treat ids as signed). */
  max?: number;
  /** First id handed out; defaults to 1. */
  start?: number;
}

/** Request sequence ids for one connection: 1, 2, ... max, 1, ... (0 is never used; some peers treat it as "unset"). */
export class SequenceGenerator {
  readonly max: number;
  private current: number;

  constructor(options: SequenceGeneratorOptions = {}) {
    this.max = options.max ?? 0x7fffffff;
    if (!Number.isInteger(this.max) || this.max < 1 || this.max > 0xffffffff) {
      throw new RangeError(`sequence max must be an integer in 1..0xffffffff, got ${this.max}`);
    }
    const start = options.start ?? 1;
    if (!Number.isInteger(start) || start < 1 || start > this.max) {
      throw new RangeError(`sequence start must be an integer in 1..${this.max}, got ${start}`);
    }
    this.current = start - 1;
  }

  next(): number {
    this.current = this.current >= this.max ? 1 : this.current + 1;
    return this.current;
  }
}
