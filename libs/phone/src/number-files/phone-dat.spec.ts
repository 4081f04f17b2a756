import { PhoneDatEntry, writePhoneDat } from '@tongdao/testing/phone-dat-writer';
import { PrefixTable } from '../number-data/prefix-table';
import { NumberFileError } from './number-file-error';
import { parsePhoneDat } from './phone-dat';

const ENTRIES: PhoneDatEntry[] = [
  { prefix: 1300000, province: '山东', city: '济南', cardType: 2, zip: '250000', areaCode: '0531' },
  { prefix: 1300001, province: '江苏', city: '常州', cardType: 2 },
  { prefix: 1340000, province: '广东', city: '深圳', cardType: 1 },
  { prefix: 1530000, province: '北京', city: '北京', cardType: 3 },
  { prefix: 1700000, province: '广东', city: '广州', cardType: 4 },
  { prefix: 1704000, province: '四川', city: '成都', cardType: 5 },
  { prefix: 1703000, province: '湖南', city: '长沙', cardType: 6 },
  { prefix: 1921234, province: '广西', city: '南宁', cardType: 7 },
  { prefix: 1922234, province: '新疆', city: '乌鲁木齐', cardType: 8 },
];

function failure(file: Buffer): NumberFileError {
  try {
    parsePhoneDat(file);
  } catch (error) {
    if (error instanceof NumberFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parsePhoneDat', () => {
  it('reads header, records and index, mapping card types 1-8 to carriers and virtual operators', () => {
    const parsed = parsePhoneDat(writePhoneDat(ENTRIES, { version: '2312' }), 'dat-1');
    const table = PrefixTable.compile([parsed.layer]);
    const at = (national: string) => table.lookup(national);
    expect(at('13000001234')).toMatchObject({ carrier: 'CUCC', mvno: false, province: '山东', city: '济南' });
    expect(at('13000011234')).toMatchObject({ carrier: 'CUCC', province: '江苏', city: '常州' });
    expect(at('13400001234')).toMatchObject({ carrier: 'CMCC', province: '广东', city: '深圳' });
    expect(at('15300001234')).toMatchObject({ carrier: 'CTCC', province: '北京' });
    expect(at('17000001234')).toMatchObject({ carrier: 'CTCC', mvno: true, province: '广东' });
    expect(at('17040001234')).toMatchObject({ carrier: 'CUCC', mvno: true, province: '四川' });
    expect(at('17030001234')).toMatchObject({ carrier: 'CMCC', mvno: true, province: '湖南' });
    expect(at('19212341234')).toMatchObject({ carrier: 'CBN', mvno: false, province: '广西', city: '南宁' });
    expect(at('19222341234')).toMatchObject({
      carrier: 'CBN',
      mvno: true,
      province: '新疆',
      city: '乌鲁木齐',
    });
    expect(at('13000021234')).toMatchObject({ carrier: 'CUCC', source: 'builtin', province: null });
    expect(at('13000001234')).toMatchObject({ source: 'imported', importId: 'dat-1' });
    expect(parsed.summary).toMatchObject({
      format: 'phone-dat',
      version: '2312',
      entries: 9,
      carriers: { CUCC: 3, CMCC: 2, CTCC: 2, CBN: 2 },
      mvnoEntries: 4,
      warnings: [],
    });
  });

  it('accepts long province names and keeps unknown card types to the allocation table, with a warning', () => {
    const parsed = parsePhoneDat(
      writePhoneDat([
        { prefix: 1380000, province: '广东省', city: '深圳市', cardType: 0 },
        { prefix: 1380001, province: '', city: '', cardType: 9 },
      ]),
    );
    expect(PrefixTable.compile([parsed.layer]).lookup('13800001234')).toMatchObject({
      carrier: 'CMCC',
      source: 'builtin',
      province: '广东',
      city: '深圳',
    });
    expect(parsed.summary).toMatchObject({ entries: 1, skipped: 1 });
    expect(parsed.summary.warnings).toEqual([
      '2 entries have a card type other than 1-8; their carrier comes from the allocation table',
    ]);
  });

  it('shows a binary version as hex', () => {
    const file = writePhoneDat(ENTRIES);
    file.writeUInt32LE(0x01020304, 0);
    expect(parsePhoneDat(file).summary.version).toBe('04030201');
  });

  it.each([
    ['shorter than the header', Buffer.from('2312'), 'header', /has 4 bytes/],
    [
      'index offset past the end',
      withOffset(writePhoneDat(ENTRIES), 1_000_000),
      'header',
      /outside the file/,
    ],
    ['index offset inside the header', withOffset(writePhoneDat(ENTRIES), 4), 'header', /outside the file/],
    [
      'truncated index',
      writePhoneDat(ENTRIES).subarray(0, -4),
      'index',
      /not a whole number of 9-byte entries/,
    ],
    ['no index entries', writePhoneDat([]), 'index', /no entries/],
  ])('refuses a file %s, naming the part', (_label, file, field, message) => {
    const error = failure(file);
    expect(error).toMatchObject({ kind: 'structure', field });
    expect(error.message).toMatch(message);
  });

  it('names the index entry of an unsorted or out-of-range prefix', () => {
    const unsorted = failure(
      writePhoneDat(
        [
          { prefix: 1390000, province: '北京', city: '北京', cardType: 1 },
          { prefix: 1380000, province: '北京', city: '北京', cardType: 1 },
        ],
        { unsorted: true },
      ),
    );
    expect(unsorted.kind).toBe('rows');
    expect(unsorted.issues[0]).toMatchObject({ entry: 1, field: 'index' });
    expect(unsorted.message).toBe('index entry 1: prefix 1380000 follows 1390000; the index must be sorted');
    const outside = failure(
      writePhoneDat([{ prefix: 1200000, province: '北京', city: '北京', cardType: 1 }]),
    );
    expect(outside.issues[0]).toMatchObject({ entry: 0, field: 'index' });
  });

  it('names bad records: outside the records area, unterminated, not UTF-8, unknown province', () => {
    const file = writePhoneDat([
      { prefix: 1380000, province: '北京', city: '北京', cardType: 1 },
      { prefix: 1380001, province: '火星', city: '基地', cardType: 1 },
    ]);
    const badProvince = failure(file);
    expect(badProvince.issues).toEqual([
      expect.objectContaining({ entry: 1, field: 'records', message: expect.stringContaining('"火星"') }),
    ]);
    const indexOffset = file.readInt32LE(4);
    const outside = Buffer.from(file);
    outside.writeInt32LE(indexOffset + 3, indexOffset + 4);
    expect(failure(outside).issues[0]!.message).toMatch(/lies outside the records area/);
    const unterminated = Buffer.from(file);
    unterminated.fill(0x41, 8, indexOffset);
    expect(failure(unterminated).issues[0]!.message).toMatch(/no terminating NUL/);
    const notUtf8 = Buffer.from(file);
    notUtf8[8] = 0xff;
    expect(failure(notUtf8).issues[0]!.message).toMatch(/not UTF-8/);
  });
});

function withOffset(file: Buffer, offset: number): Buffer {
  const copy = Buffer.from(file);
  copy.writeInt32LE(offset, 4);
  return copy;
}
