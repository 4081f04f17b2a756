import { SensitiveWord, WordHit } from './sensitive-word';
import { TextNormalizer } from './text-normalizer';
import { WordAutomaton } from './word-automaton';

/**
 * A compiled, immutable word list. Entries are normalised like the texts they are matched against, so 免 費,
 * 免費 and ＦＲＥＥ find 免费 and free. A `block` hit wins over a `review` hit; the first in the text otherwise.
 */
export class SensitiveWordList {
  private readonly automaton: WordAutomaton;
  private readonly entries: SensitiveWord[];

  constructor(
    words: readonly SensitiveWord[],
    private readonly normalizer: TextNormalizer,
  ) {
    const byForm = new Map<string, SensitiveWord>();
    for (const word of words) {
      const form = normalizer.normalizeString(word.word);
      if (form.length === 0) continue;
      const existing = byForm.get(form);
      if (!existing || (existing.category === 'review' && word.category === 'block')) byForm.set(form, word);
    }
    this.entries = [...byForm.values()];
    this.automaton = new WordAutomaton([...byForm.keys()]);
  }

  get size(): number {
    return this.entries.length;
  }

  find(text: string, from = 0): WordHit | null {
    const normalized = this.normalizer.normalize(text);
    let best = -1;
    let bestStart = 0;
    let bestEnd = 0;
    this.automaton.scan(normalized.units, normalized.length, (pattern, start, end) => {
      if (normalized.starts[start]! < from) return true;
      if (
        best === -1 ||
        (this.entries[best]!.category === 'review' && this.entries[pattern]!.category === 'block')
      ) {
        best = pattern;
        bestStart = start;
        bestEnd = end;
      }
      return this.entries[best]!.category !== 'block';
    });
    if (best === -1) return null;
    const start = normalized.starts[bestStart]!;
    const end = normalized.ends[bestEnd - 1]!;
    return { word: this.entries[best]!, original: text.slice(start, end), start, end };
  }
}
