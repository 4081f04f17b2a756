/**
 * Aho-Corasick over UTF-16 code units of already-normalised text. The root's transitions are a dense table (most
 * steps of a scan start there); other states keep a small Map. Matching a 70-character message is a few hundred
 * table steps: about a microsecond, whatever the size of the list.
 *
 * modern-ahocorasick matches whole grapheme clusters, which costs an Intl.Segmenter pass per search (tens of
 * microseconds for 70 characters, see bench/compliance). The normaliser already drops what grapheme matching guards
 * against (combining marks, emoji sequences, variation selectors), so code units are safe here.
 */
export class WordAutomaton {
  private readonly rootNext = new Int32Array(0x10000);
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** The pattern ending at this state, or -1. */
  private readonly output: number[] = [-1];
  /** The nearest state on the failure chain with an output (-1 if none). */
  private readonly outputLink: number[] = [-1];
  private readonly depth: number[] = [0];

  constructor(patterns: readonly string[]) {
    patterns.forEach((pattern, index) => this.insert(pattern, index));
    this.link();
  }

  get states(): number {
    return this.next.length;
  }

  /**
   * Calls `found(patternIndex, start, end)` for every occurrence in `units[0, length)` ([start, end) in normalised
   * positions); stops when it returns false.
   */
  scan(
    units: Uint16Array,
    length: number,
    found: (pattern: number, start: number, end: number) => boolean,
  ): void {
    let state = 0;
    for (let i = 0; i < length; i++) {
      const unit = units[i]!;
      state = this.step(state, unit);
      let hit = this.output[state] !== -1 ? state : this.outputLink[state]!;
      while (hit > 0) {
        const end = i + 1;
        if (!found(this.output[hit]!, end - this.depth[hit]!, end)) return;
        hit = this.outputLink[hit]!;
      }
    }
  }

  private step(state: number, unit: number): number {
    for (;;) {
      if (state === 0) return this.rootNext[unit]!;
      const target = this.next[state]!.get(unit);
      if (target !== undefined) return target;
      state = this.fail[state]!;
    }
  }

  private insert(pattern: string, index: number): void {
    if (pattern.length === 0) return;
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      let target = this.next[state]!.get(unit);
      if (target === undefined) {
        target = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.output.push(-1);
        this.outputLink.push(-1);
        this.depth.push(this.depth[state]! + 1);
        this.next[state]!.set(unit, target);
      }
      state = target;
    }
    if (this.output[state] === -1) this.output[state] = index;
  }

  private link(): void {
    const queue: number[] = [];
    for (const [unit, target] of this.next[0]!) {
      this.rootNext[unit] = target;
      queue.push(target);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [unit, target] of this.next[state]!) {
        let fallback = this.fail[state]!;
        while (fallback !== 0 && !this.next[fallback]!.has(unit)) fallback = this.fail[fallback]!;
        const failTarget = fallback === 0 ? this.rootNext[unit]! : this.next[fallback]!.get(unit)!;
        this.fail[target] = failTarget === target ? 0 : failTarget;
        const f = this.fail[target]!;
        this.outputLink[target] = this.output[f] !== -1 ? f : this.outputLink[f]!;
        queue.push(target);
      }
    }
  }
}
