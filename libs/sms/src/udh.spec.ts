import { buildConcatUdh, concatUdhLength, parseUdh } from './udh';

function hex(value: string): Buffer {
  return Buffer.from(value.replace(/\s+/g, ''), 'hex');
}

describe('buildConcatUdh', () => {
  it('builds the 8-bit reference form', () => {
    const udh = buildConcatUdh({ reference: 0xab, referenceBits: 8, total: 3, index: 2 });
    expect(udh.toString('hex')).toBe('050003ab0302');
    expect(udh).toHaveLength(concatUdhLength(8));
  });

  it('builds the 16-bit reference form', () => {
    const udh = buildConcatUdh({ reference: 0x1234, referenceBits: 16, total: 3, index: 1 });
    expect(udh.toString('hex')).toBe('06080412340301');
    expect(udh).toHaveLength(concatUdhLength(16));
  });
});

describe('parseUdh', () => {
  it('reads an 8-bit concatenation header', () => {
    expect(parseUdh(hex('05 00 03 7f 02 01 4e2d'))).toEqual({
      headerLength: 6,
      concat: { reference: 0x7f, referenceBits: 8, total: 2, index: 1 },
    });
  });

  it('reads a 16-bit concatenation header', () => {
    expect(parseUdh(hex('06 08 04 beef 05 05 41'))).toEqual({
      headerLength: 7,
      concat: { reference: 0xbeef, referenceBits: 16, total: 5, index: 5 },
    });
  });

  it('skips other information elements by their length', () => {
    const portsThenConcat = hex('0b 05 04 0b84 23f0 00 03 09 02 02');
    expect(parseUdh(portsThenConcat)).toEqual({
      headerLength: 12,
      concat: { reference: 9, referenceBits: 8, total: 2, index: 2 },
    });
  });

  it('reports a header without concatenation', () => {
    expect(parseUdh(hex('06 05 04 0b84 23f0 ff'))).toEqual({ headerLength: 7, concat: null });
    expect(parseUdh(hex('00 41'))).toEqual({ headerLength: 1, concat: null });
  });

  it.each([
    ['index 0', '05 00 03 01 02 00'],
    ['index beyond total', '05 00 03 01 02 03'],
    ['total 0', '05 00 03 01 00 00'],
    ['wrong element length', '06 00 04 01 02 01 00'],
  ])('ignores a concatenation element with %s', (_label, bytes) => {
    expect(parseUdh(hex(bytes))?.concat).toBeNull();
  });

  it.each([
    ['empty payload', ''],
    ['header longer than payload', '05 00 03 01'],
    ['element overruns header', '05 00 05 01 02 01'],
    ['dangling element id', '01 00'],
    ['header length byte only claiming data', 'ff'],
  ])('returns null for %s', (_label, bytes) => {
    expect(parseUdh(hex(bytes))).toBeNull();
  });

  it('round-trips what buildConcatUdh writes', () => {
    for (const referenceBits of [8, 16] as const) {
      const info = { reference: 200, referenceBits, total: 9, index: 4 };
      expect(parseUdh(buildConcatUdh(info))).toEqual({
        headerLength: concatUdhLength(referenceBits),
        concat: info,
      });
    }
  });
});
