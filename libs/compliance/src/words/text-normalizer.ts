import { Converter } from 'opencc-js';

/** Characters that never carry meaning for matching: spaces, punctuation, symbols (emoji), format and marks. */
const IGNORED = /^[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}\p{M}\p{Extended_Pictographic}]$/u;

/**
 * The normalised copy of a text the word matcher scans, with a map back to the original: `units[i]` came from the
 * original UTF-16 range `[starts[i], ends[i])`. Buffers are reused between calls (no allocation per message);
 * read them before the next `normalize`.
 */
export interface NormalizedText {
  readonly length: number;
  readonly units: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * NFKC (full-width letters and digits become ASCII), lower case, traditional → simplified Chinese (opencc-js, per
 * character), and spaces, punctuation, zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and emoji dropped.
 * Each distinct character is worked out once and cached, so normalising a message is a table lookup per character.
 */
export class TextNormalizer {
  private readonly bmp: (string | undefined)[] = new Array<string | undefined>(0x10000);
  private readonly astral = new Map<number, string>();
  private readonly toSimplified: (text: string) => string;
  private units = new Uint16Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);

  constructor() {
    this.toSimplified = Converter({ from: 't', to: 'cn' });
  }

  /** The normalised form of a whole string (for word lists). */
  normalizeString(text: string): string {
    let out = '';
    for (const char of text) out += this.mapCodePoint(char.codePointAt(0)!, char);
    return out;
  }

  normalize(text: string): NormalizedText {
    this.ensureCapacity(text.length * 3);
    let length = 0;
    for (let index = 0; index < text.length;) {
      const code = text.charCodeAt(index);
      let width = 1;
      let mapped: string;
      if (code < 0x80) {
        mapped = asciiMapping(code);
      } else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
        const point = text.codePointAt(index)!;
        width = point > 0xffff ? 2 : 1;
        mapped = this.mapCodePoint(point, String.fromCodePoint(point));
      } else {
        mapped = this.bmp[code] ?? this.mapCodePoint(code, text[index]!);
      }
      if (length + mapped.length > this.units.length) this.ensureCapacity((length + mapped.length) * 2);
      for (let k = 0; k < mapped.length; k++) {
        this.units[length] = mapped.charCodeAt(k);
        this.starts[length] = index;
        this.ends[length] = index + width;
        length++;
      }
      index += width;
    }
    return { length, units: this.units, starts: this.starts, ends: this.ends };
  }

  private mapCodePoint(point: number, char: string): string {
    if (point < 0x80) return asciiMapping(point);
    const cached = point <= 0xffff ? this.bmp[point] : this.astral.get(point);
    if (cached !== undefined) return cached;
    let mapped = '';
    for (const part of char.normalize('NFKC').toLowerCase()) {
      if (IGNORED.test(part)) continue;
      mapped += part.length === 1 && part.charCodeAt(0) >= 0x2e80 ? this.toSimplified(part) : part;
    }
    if (point <= 0xffff) this.bmp[point] = mapped;
    else this.astral.set(point, mapped);
    return mapped;
  }

  private ensureCapacity(size: number): void {
    if (size <= this.units.length) return;
    const units = new Uint16Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    units.set(this.units);
    starts.set(this.starts);
    ends.set(this.ends);
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }
}

const ASCII: string[] = Array.from({ length: 0x80 }, (_, code) => {
  const char = String.fromCharCode(code);
  if (/[0-9a-z]/.test(char)) return char;
  if (/[A-Z]/.test(char)) return char.toLowerCase();
  return '';
});

function asciiMapping(code: number): string {
  return ASCII[code]!;
}
