import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { decodeText } from './text-codec';
import { WireCoding } from './text-encoding';
import { TextEncodingError } from './text-encoding-error';
import { splitText } from './text-layout';
import { parseUdh } from './udh';
import { buildWireSegments, WireSegment } from './wire-segments';

function bodies(segments: WireSegment[]): Buffer[] {
  return segments.map((segment) => segment.payload.subarray(segment.udh?.length ?? 0));
}

function reassemble(segments: WireSegment[], coding: WireCoding): string {
  return decodeText(Buffer.concat(bodies(segments)), coding);
}

describe('buildWireSegments', () => {
  it('sends a message that fits as one segment without UDH', () => {
    const segments = buildWireSegments('中'.repeat(70), { coding: 'UCS2', reference: 1 });
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ index: 1, total: 1, udh: null });
    expect(segments[0].payload).toHaveLength(140);
  });

  it('splits UCS2 into 67-character bodies behind an 8-bit reference UDH', () => {
    const segments = buildWireSegments('中'.repeat(71), { coding: 'UCS2', reference: 0x42 });
    expect(segments.map((s) => [s.index, s.total, s.udh?.toString('hex'), s.payload.length])).toEqual([
      [1, 2, '050003420201', 140],
      [2, 2, '050003420202', 6 + 8],
    ]);
    expect(reassemble(segments, 'UCS2')).toBe('中'.repeat(71));
  });

  it('matches splitText for UCS2 at the default budget', () => {
    const text = '【品牌】' + '中'.repeat(62) + '😀' + '文'.repeat(80);
    const segments = buildWireSegments(text, { coding: 'UCS2', reference: 7 });
    expect(bodies(segments).map((body) => decodeText(body, 'UCS2'))).toEqual(splitText(text, 'UCS2'));
  });

  it('uses the 16-bit reference form and shrinks bodies by one octet', () => {
    const segments = buildWireSegments('a'.repeat(300), {
      coding: 'ASCII',
      reference: 0x1234,
      referenceBits: 16,
    });
    expect(segments[0].udh?.toString('hex')).toBe('060804123403' + '01');
    expect(segments.map((s) => s.payload.length)).toEqual([140, 140, 7 + 34]);
    expect(parseUdh(segments[2].payload)?.concat).toEqual({
      reference: 0x1234,
      referenceBits: 16,
      total: 3,
      index: 3,
    });
  });

  it('never separates the halves of a surrogate pair', () => {
    const text = '中'.repeat(66) + '😀' + '中'.repeat(10);
    const segments = buildWireSegments(text, { coding: 'UCS2', reference: 1 });
    expect(bodies(segments).map((b) => b.length)).toEqual([132, 24]);
    expect(bodies(segments)[1].subarray(0, 4).toString('hex')).toBe('d83dde00');
  });

  it('never separates a GBK double-byte character', () => {
    const text = 'a' + '中'.repeat(80);
    const segments = buildWireSegments(text, { coding: 'GBK', reference: 3 });
    expect(bodies(segments).map((b) => b.length)).toEqual([133, 28]);
    expect(bodies(segments).map((b) => iconv.decode(b, 'gbk'))).toEqual([
      'a' + '中'.repeat(66),
      '中'.repeat(14),
    ]);
  });

  it('budgets GSM7 in packed octets: 160 septets single, 153 per segment', () => {
    expect(buildWireSegments('a'.repeat(160), { coding: 'GSM7', reference: 1 })).toHaveLength(1);
    const segments = buildWireSegments('a'.repeat(161), { coding: 'GSM7', reference: 1 });
    expect(bodies(segments).map((b) => b.length)).toEqual([153, 8]);
    const wide = buildWireSegments('a'.repeat(161), { coding: 'GSM7', reference: 1, referenceBits: 16 });
    expect(bodies(wide).map((b) => b.length)).toEqual([152, 9]);
  });

  it('never separates a GSM escape pair', () => {
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(20);
    const segments = buildWireSegments(text, { coding: 'GSM7', reference: 1 });
    expect(bodies(segments).map((b) => b.length)).toEqual([152, 22]);
    expect(reassemble(segments, 'GSM7')).toBe(text);
  });

  it('honours a smaller octet budget', () => {
    const segments = buildWireSegments('x'.repeat(30), { coding: 'ASCII', reference: 9, maxOctets: 16 });
    expect(segments.map((s) => s.payload.length)).toEqual([16, 16, 16]);
    expect(reassemble(segments, 'ASCII')).toBe('x'.repeat(30));
  });

  it('rejects invalid options and oversized messages', () => {
    expect(() => buildWireSegments('x', { coding: 'ASCII', reference: 256 })).toThrow(RangeError);
    expect(() => buildWireSegments('x', { coding: 'ASCII', reference: 70000, referenceBits: 16 })).toThrow(
      RangeError,
    );
    expect(() => buildWireSegments('x'.repeat(20), { coding: 'ASCII', reference: 1, maxOctets: 8 })).toThrow(
      RangeError,
    );
    expect(() => buildWireSegments('中'.repeat(67 * 255 + 1), { coding: 'UCS2', reference: 1 })).toThrow(
      'needs 256 segments',
    );
    expect(buildWireSegments('中'.repeat(67 * 255), { coding: 'UCS2', reference: 1 })).toHaveLength(255);
  });

  it('propagates encoding failures', () => {
    expect(() => buildWireSegments('中', { coding: 'ASCII', reference: 1 })).toThrow(TextEncodingError);
  });

  it('property: bodies rejoin to the text, fit the budget, and carry consistent UDHs', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '中', '😀', '€', '{', ' '), maxLength: 500 });
    const coding = fc.constantFrom<WireCoding>('UCS2', 'GBK', 'GSM7');
    fc.assert(
      fc.property(text, coding, fc.constantFrom<8 | 16>(8, 16), (raw, wire, referenceBits) => {
        const input =
          wire === 'GBK' ? raw.replace(/😀/g, '') : wire === 'GSM7' ? raw.replace(/[中😀]/gu, '') : raw;
        const segments = buildWireSegments(input, { coding: wire, reference: 5, referenceBits });
        expect(reassemble(segments, wire)).toBe(input);
        const budget = wire === 'GSM7' ? 160 : 140;
        for (const segment of segments) {
          expect(segment.payload.length).toBeLessThanOrEqual(budget);
          if (segments.length === 1) continue;
          expect(parseUdh(segment.payload)?.concat).toEqual({
            reference: 5,
            referenceBits,
            total: segments.length,
            index: segment.index,
          });
        }
      }),
    );
  });
});
