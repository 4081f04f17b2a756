import fc from 'fast-check';
import { Carrier, CARRIERS } from '../carrier';
import { carrierByPrefix } from '../carrier-prefix-table';
import { PROVINCES } from '../provinces';
import { UNKNOWN_NUMBER } from './number-info';
import { PrefixFields, PrefixLayer } from './prefix-layer';
import { PrefixTable } from './prefix-table';

function layer(
  source: 'builtin' | 'imported',
  importId: string | null,
  rows: Array<[string, Partial<PrefixFields>]>,
): PrefixLayer {
  const result = new PrefixLayer(source, importId);
  for (const [prefix, fields] of rows) {
    result.add(prefix, { carrier: null, mvno: false, province: null, city: null, ...fields });
  }
  return result;
}

describe('PrefixTable', () => {
  describe('without place data', () => {
    const table = PrefixTable.allocationOnly();

    it.each<[string, Carrier | null, boolean, boolean]>([
      ['13800138000', 'CMCC', false, false],
      ['18612345678', 'CUCC', false, false],
      ['18912345678', 'CTCC', false, false],
      ['19212345678', 'CBN', false, false],
      ['17031234567', 'CMCC', true, false],
      ['17101234567', 'CUCC', true, false],
      ['16212345678', 'CTCC', true, false],
      ['16512345678', 'CMCC', true, false],
      ['14712345678', 'CMCC', false, true],
      ['13491234567', 'CTCC', false, false],
      ['17491234567', null, false, false],
      ['15412345678', null, false, false],
    ])('%s is %s (mvno %s, data %s) with no province', (national, carrier, mvno, dataOnly) => {
      expect(table.lookup(national)).toEqual({
        carrier,
        mvno,
        dataOnly,
        province: null,
        city: null,
        source: carrier ? 'builtin' : null,
        regionSource: null,
        importId: null,
      });
    });

    it.each([
      '',
      '1380013800',
      '138001380001',
      '1380013800x',
      '+8613800138000',
      '12800138000',
      '02112345678',
    ])('%j is not a mainland mobile', (input) => {
      expect(table.recordIndex(input)).toBe(-1);
      expect(table.lookup(input)).toBe(UNKNOWN_NUMBER);
    });
  });

  it('takes province and city from the layers, the later layer winning on the prefixes it covers', () => {
    const table = PrefixTable.compile([
      layer('builtin', null, [
        ['1380013', { province: '北京', city: '北京' }],
        ['1390000', { province: '江苏', city: '南京' }],
      ]),
      layer('imported', 'import-1', [['139', { province: '广东', city: '广州' }]]),
    ]);
    expect(table.lookup('13800138000')).toMatchObject({
      carrier: 'CMCC',
      province: '北京',
      city: '北京',
      source: 'builtin',
      regionSource: 'builtin',
      importId: null,
    });
    expect(table.lookup('13800148000')).toMatchObject({ province: null, regionSource: null });
    expect(table.lookup('13900001234')).toMatchObject({
      province: '广东',
      city: '广州',
      regionSource: 'imported',
      importId: 'import-1',
    });
  });

  it('lets a longer prefix refine a shorter one within a layer, whatever the row order', () => {
    const table = PrefixTable.compile([
      layer('imported', 'a', [
        ['1391234', { province: '上海', city: '上海' }],
        ['139', { province: '广东', city: '深圳' }],
        ['13912', { province: '浙江', city: '杭州' }],
      ]),
    ]);
    expect(table.lookup('13912345678').province).toBe('上海');
    expect(table.lookup('13912995678').province).toBe('浙江');
    expect(table.lookup('13999995678').province).toBe('广东');
  });

  it('lets an import state the carrier, MVNO flag included, and keeps the data-card flag of the range', () => {
    const table = PrefixTable.compile([
      layer('imported', 'x', [
        ['1700', { carrier: 'CUCC', mvno: false }],
        ['147', { carrier: 'CTCC', province: '四川', city: '成都' }],
        ['192', { carrier: 'CBN', mvno: true, province: '广东' }],
      ]),
    ]);
    expect(table.lookup('17001234567')).toMatchObject({
      carrier: 'CUCC',
      mvno: false,
      source: 'imported',
      importId: 'x',
      province: null,
    });
    expect(table.lookup('14712345678')).toMatchObject({ carrier: 'CTCC', dataOnly: true, province: '四川' });
    expect(table.lookup('19212345678')).toMatchObject({ carrier: 'CBN', mvno: true, city: null });
  });

  it('keeps the allocation carrier where an import names only the place', () => {
    const table = PrefixTable.compile([layer('imported', 'p', [['1880000', { province: '北京' }]])]);
    expect(table.lookup('18800001234')).toMatchObject({
      carrier: 'CMCC',
      source: 'builtin',
      province: '北京',
      regionSource: 'imported',
      importId: 'p',
    });
  });

  it('answers with shared frozen records, so lookups allocate nothing', () => {
    const table = PrefixTable.compile([
      layer('builtin', null, [['138', { province: '北京', city: '北京' }]]),
    ]);
    const first = table.lookup('13800138000');
    expect(table.lookup('13899999999')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const ported = table.recordWithCarrier(table.recordIndex('13800138000'), 3);
    expect(ported).toMatchObject({ carrier: 'CTCC', mvno: false, source: 'override', province: '北京' });
    expect(table.recordWithCarrier(table.recordIndex('13811112222'), 3)).toBe(ported);
  });

  it('reports what it holds', () => {
    const table = PrefixTable.compile([
      layer('builtin', null, [['138', { province: '北京', city: '北京' }]]),
      layer('imported', 'i', [['1390', { carrier: 'CMCC', province: '广东', city: '深圳' }]]),
    ]);
    expect(table.stats).toEqual({
      layers: 2,
      builtin: true,
      prefixesWithRegion: 11_000,
      prefixesWithImportedCarrier: 1_000,
      distinctRecords: expect.any(Number),
      provinces: 2,
    });
  });

  it('survives a round trip of a layer through its stored form', () => {
    const original = layer('imported', 'i', [
      ['1390', { carrier: 'CMCC', mvno: true, province: '广东', city: '深圳' }],
      ['18612', { province: '北京', city: null }],
      ['192', { carrier: 'CBN' }],
    ]);
    const { data, regions } = original.serialize();
    const copy = PrefixLayer.deserialize('imported', 'i', data, regions);
    for (const national of ['13901234567', '18612345678', '19212345678', '13800138000']) {
      expect(PrefixTable.compile([copy]).lookup(national)).toEqual(
        PrefixTable.compile([original]).lookup(national),
      );
    }
    expect(() =>
      PrefixLayer.deserialize('imported', 'i', data.subarray(0, data.length - 1), regions),
    ).toThrow(RangeError);
  });

  it('refuses prefixes outside the mobile ranges and rows that state nothing', () => {
    const target = new PrefixLayer('imported');
    const fields = { carrier: null, mvno: false, province: '广东', city: null };
    expect(() => target.add('12', fields)).toThrow(RangeError);
    expect(() => target.add('12345', fields)).toThrow(RangeError);
    expect(() => target.add('13800138', fields)).toThrow(RangeError);
    expect(() => target.add('138', { ...fields, province: null })).toThrow(RangeError);
  });

  describe('property: equals a direct reading of the layers', () => {
    // A two-letter alphabet makes prefixes nest and overlap across layers often.
    const prefix = fc
      .tuple(fc.constantFrom('3', '8'), fc.array(fc.constantFrom('0', '1'), { minLength: 1, maxLength: 5 }))
      .map(([second, digits]) => `1${second}${digits.join('')}`);
    const fields = fc.record({
      carrier: fc.option(fc.constantFrom(...CARRIERS), { nil: null }),
      mvno: fc.boolean(),
      province: fc.option(fc.constantFrom(...PROVINCES.slice(0, 5)), { nil: null }),
      city: fc.constant(null),
    });
    const layerRows = fc
      .uniqueArray(fc.tuple(prefix, fields), { selector: ([p]) => p, maxLength: 30 })
      .map((rows) => rows.filter(([, f]) => f.carrier || f.province));

    it('for any layers and any number', () => {
      fc.assert(
        fc.property(
          fc.array(layerRows, { minLength: 1, maxLength: 4 }),
          fc.array(prefix, { minLength: 1, maxLength: 20 }),
          (layersRows, probes) => {
            const layers = layersRows.map((rows, index) => layer('imported', `L${index}`, rows));
            const table = PrefixTable.compile(layers);
            for (const probe of probes) {
              const national = probe.padEnd(11, '0');
              const expected = reference(layersRows, national);
              expect(table.lookup(national)).toMatchObject(expected);
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    /** The last layer with a matching row decides; within it, the longest matching prefix. */
    function reference(layersRows: Array<Array<[string, PrefixFields]>>, national: string) {
      const pick = (has: (fields: PrefixFields) => boolean) => {
        for (let index = layersRows.length - 1; index >= 0; index--) {
          const matches = layersRows[index]!.filter(([p, f]) => national.startsWith(p) && has(f));
          if (matches.length > 0) {
            const [, best] = matches.sort(([a], [b]) => b.length - a.length)[0]!;
            return { fields: best, importId: `L${index}` };
          }
        }
        return null;
      };
      const region = pick((f) => f.province !== null);
      const claim = pick((f) => f.carrier !== null);
      const allocation = carrierByPrefix(national);
      return {
        carrier: claim ? claim.fields.carrier : allocation.carrier,
        mvno: claim ? claim.fields.mvno : allocation.mvno,
        province: region ? region.fields.province : null,
        regionSource: region ? 'imported' : null,
        importId: region?.importId ?? claim?.importId ?? null,
      };
    }
  });
});
