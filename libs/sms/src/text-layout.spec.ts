import fc from 'fast-check';
import { gsm7SeptetCost } from './gsm7-alphabet';
import { SEGMENT_LIMITS, TextEncoding } from './text-encoding';
import { TextEncodingError } from './text-encoding-error';
import { chooseEncoding, countSegments, splitText } from './text-layout';

const EMOJI = '😀';

function ucs2Units(chunk: string): number {
  return chunk.length;
}

function septets(chunk: string): number {
  let total = 0;
  for (let i = 0; i < chunk.length; i++) total += gsm7SeptetCost(chunk.charCodeAt(i));
  return total;
}

describe('chooseEncoding', () => {
  it('uses GSM7 for the default alphabet and UCS2 otherwise', () => {
    expect(chooseEncoding('Your code is 123456')).toBe('GSM7');
    expect(chooseEncoding('Price €5 {promo}')).toBe('GSM7');
    expect(chooseEncoding('【品牌】您的验证码是123456')).toBe('UCS2');
    expect(chooseEncoding('Hi 😀')).toBe('UCS2');
  });
});

describe('countSegments', () => {
  it.each([
    [70, 1, 70],
    [71, 2, 67],
    [134, 2, 67],
    [135, 3, 67],
    [201, 3, 67],
    [202, 4, 67],
  ])('UCS2: %i units -> %i segment(s) of %i', (length, segments, unitsPerSegment) => {
    expect(countSegments('中'.repeat(length))).toEqual({
      encoding: 'UCS2',
      segments,
      units: length,
      unitsPerSegment,
    });
  });

  it.each([
    [160, 1, 160],
    [161, 2, 153],
    [306, 2, 153],
    [307, 3, 153],
    [459, 3, 153],
    [460, 4, 153],
  ])('GSM7: %i septets -> %i segment(s) of %i', (length, segments, unitsPerSegment) => {
    expect(countSegments('a'.repeat(length))).toEqual({
      encoding: 'GSM7',
      segments,
      units: length,
      unitsPerSegment,
    });
  });

  it('counts the signature and a link in the length', () => {
    const body = '您的订单已发货，点击查看物流 t.brand.cn/3Ed5 回TD退订';
    const signed = `【品牌】${body}`;
    expect(countSegments(signed).units).toBe(body.length + 4);
    const filler = '中'.repeat(70 - signed.length);
    expect(countSegments(signed + filler).segments).toBe(1);
    expect(countSegments(`${signed + filler}。`).segments).toBe(2);
  });

  it('counts an empty message as one segment', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM7', segments: 1, units: 0, unitsPerSegment: 160 });
  });

  describe('astral characters', () => {
    it('count two UCS-2 units each', () => {
      expect(countSegments('中'.repeat(68) + EMOJI).units).toBe(70);
      expect(countSegments('中'.repeat(68) + EMOJI).segments).toBe(1);
      expect(countSegments('中'.repeat(69) + EMOJI).segments).toBe(2);
    });

    it('move to the next segment instead of straddling a boundary', () => {
      const text = '中'.repeat(66) + EMOJI + '中'.repeat(67);
      const chunks = splitText(text, 'UCS2');
      expect(chunks.map(ucs2Units)).toEqual([66, 67, 2]);
      expect(chunks[1].startsWith(EMOJI)).toBe(true);
      expect(countSegments(text).segments).toBe(3);
    });

    it('fill a segment exactly when the pair ends on the boundary', () => {
      const text = '中'.repeat(65) + EMOJI + '中'.repeat(10);
      expect(splitText(text, 'UCS2').map(ucs2Units)).toEqual([67, 10]);
    });

    it('make the segment count depend on placement, not only on length', () => {
      const aligned = EMOJI.repeat(67);
      expect(aligned.length).toBe(134);
      expect(countSegments(aligned).segments).toBe(3);
      expect(countSegments('中'.repeat(134)).segments).toBe(2);
    });
  });

  describe('GSM7 escape pairs', () => {
    it('count two septets each', () => {
      expect(countSegments('a'.repeat(158) + '€').segments).toBe(1);
      expect(countSegments('a'.repeat(159) + '€')).toMatchObject({ segments: 2, units: 161 });
    });

    it('are never split across segments', () => {
      const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
      const chunks = splitText(text, 'GSM7');
      expect(chunks).toEqual(['a'.repeat(152), '€' + 'a'.repeat(10)]);
    });

    it('fill a segment exactly when the pair ends on the boundary', () => {
      const text = 'a'.repeat(151) + '{' + 'a'.repeat(10);
      expect(splitText(text, 'GSM7').map(septets)).toEqual([153, 10]);
    });
  });
});

describe('splitText', () => {
  it('returns the whole text as one chunk when it fits a single message', () => {
    expect(splitText('中'.repeat(70), 'UCS2')).toEqual(['中'.repeat(70)]);
    expect(splitText('', 'UCS2')).toEqual(['']);
  });

  it('splits long Chinese text into 67-character chunks', () => {
    const chunks = splitText('中'.repeat(135), 'UCS2');
    expect(chunks.map(ucs2Units)).toEqual([67, 67, 1]);
  });

  it('refuses GSM7 for text outside the alphabet', () => {
    expect(() => splitText('abc中', 'GSM7')).toThrow(TextEncodingError);
  });

  it('can split GSM-compatible text as UCS2 when the channel only speaks UCS2', () => {
    expect(splitText('a'.repeat(71), 'UCS2').map(ucs2Units)).toEqual([67, 4]);
  });
});

describe('splitText properties', () => {
  const ucs2Text = fc.string({
    unit: fc.constantFrom('a', '中', '。', EMOJI, '𠀀', '€', '【'),
    maxLength: 400,
  });
  const gsmText = fc.string({ unit: fc.constantFrom('a', ' ', '€', '{', '\\', 'Δ', '@'), maxLength: 700 });
  const anyText = fc.string({ unit: 'binary', maxLength: 300 });

  function assertChunks(text: string, encoding: TextEncoding): void {
    const chunks = splitText(text, encoding);
    const measure = encoding === 'UCS2' ? ucs2Units : septets;
    const limits = SEGMENT_LIMITS[encoding];
    expect(chunks.join('')).toBe(text);
    expect(chunks).toHaveLength(countSegmentsAs(text, encoding));
    const capacity = chunks.length === 1 ? limits.single : limits.multi;
    for (const chunk of chunks) {
      expect(measure(chunk)).toBeLessThanOrEqual(capacity);
      expect(/^[\udc00-\udfff]/.test(chunk)).toBe(false);
      expect(/[\ud800-\udbff]$/.test(chunk)).toBe(false);
    }
  }

  function countSegmentsAs(text: string, encoding: TextEncoding): number {
    const info = countSegments(text);
    return info.encoding === encoding ? info.segments : splitText(text, encoding).length;
  }

  it('UCS2: join equals input, chunks within capacity, no pair split', () => {
    fc.assert(fc.property(ucs2Text, (text) => assertChunks(text, 'UCS2')));
  });

  it('UCS2 over arbitrary Unicode', () => {
    fc.assert(fc.property(anyText, (text) => assertChunks(text, 'UCS2')));
  });

  it('GSM7: join equals input, chunks within capacity', () => {
    fc.assert(fc.property(gsmText, (text) => assertChunks(text, 'GSM7')));
  });

  it('countSegments agrees with the number of chunks of the chosen encoding', () => {
    fc.assert(
      fc.property(fc.oneof(ucs2Text, gsmText), (text) => {
        const info = countSegments(text);
        expect(splitText(text, info.encoding)).toHaveLength(info.segments);
      }),
    );
  });
});
