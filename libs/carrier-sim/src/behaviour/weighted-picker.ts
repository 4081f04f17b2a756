import { RandomSource } from './random-source';

/** Picks entries in proportion to their weights with one random draw and a binary search. */
export class WeightedPicker<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(entries: ReadonlyArray<{ value: T; weight: number }>) {
    let running = 0;
    for (const entry of entries) {
      if (entry.weight <= 0) continue;
      running += entry.weight;
      this.values.push(entry.value);
      this.cumulative.push(running);
    }
    if (running <= 0) throw new RangeError('WeightedPicker needs at least one positive weight');
    this.total = running;
  }

  pick(random: RandomSource): T {
    const target = random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.values[low];
  }
}
