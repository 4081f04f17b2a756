/** Long-message reference numbers for one connection; starts at a random point so restarts do not reuse references. */
export class ConcatReferenceCounter {
  private current: number;

  constructor(
    private readonly bits: 8 | 16 = 8,
    random: () => number = Math.random,
  ) {
    this.current = Math.floor(random() * this.modulus);
  }

  next(): number {
    this.current = (this.current + 1) % this.modulus;
    return this.current;
  }

  private get modulus(): number {
    return this.bits === 16 ? 0x10000 : 0x100;
  }
}
