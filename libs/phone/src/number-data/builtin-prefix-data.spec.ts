import { deserialize } from 'bson';
import { readFileSync } from 'node:fs';
import { Carrier } from '../carrier';
import { carrierByPrefix } from '../carrier-prefix-table';
import { PROVINCES, splitPlaceName } from '../provinces';
import { builtinPrefixData, libphonenumberResource } from './builtin-prefix-data';
import { PrefixTable } from './prefix-table';

function readBson(...path: string[]): Record<string, string> {
  return deserialize(readFileSync(libphonenumberResource(...path))) as Record<string, string>;
}

describe('built-in prefix data (libphonenumber geocodes, zh)', () => {
  const data = builtinPrefixData();
  const table = PrefixTable.compile([data.layer]);
  const geocodes = readBson('geocodes', 'zh', '86.bson');

  it('reads every mobile prefix and places each in a mainland province', () => {
    expect(data.prefixes).toBeGreaterThan(120_000);
    expect(data.skipped).toBe(0);
    expect(table.stats.provinces).toBe(31);
    expect(data.layer.provinces().every((province) => PROVINCES.includes(province))).toBe(true);
    expect(builtinPrefixData()).toBe(data);
  });

  it('answers for every 7-digit prefix exactly what the package says, in canonical form', () => {
    const sevenDigit = Object.keys(geocodes).filter((prefix) => /^1[3-9]\d{5}$/.test(prefix));
    expect(sevenDigit.length).toBeGreaterThan(100_000);
    for (const prefix of sevenDigit) {
      const expected = splitPlaceName(geocodes[prefix]!)!;
      const found = table.lookup(`${prefix}0000`);
      if (found.province !== expected.province || found.city !== expected.city) {
        throw new Error(`${prefix}: ${geocodes[prefix]} read as ${found.province}/${found.city}`);
      }
    }
  });

  it.each([
    ['13800138000', '北京', '北京'],
    ['13912345678', '江苏', '常州'],
    ['15912345678', '云南', '文山壮族苗族自治州'],
  ])('%s is in %s / %s', (national, province, city) => {
    expect(table.lookup(national)).toMatchObject({ province, city, regionSource: 'builtin' });
  });

  it('has no place for the ranges it does not cover (16x, 19x), which stay null', () => {
    expect(table.lookup('16612345678')).toMatchObject({ carrier: 'CUCC', province: null });
    expect(table.lookup('19912345678')).toMatchObject({ carrier: 'CTCC', province: null });
  });

  it('agrees with the package’s own carrier prefixes (carrier/zh/86.bson) wherever that data is specific', () => {
    const names: Record<string, Carrier> = {
      中国移动: 'CMCC',
      中国联通: 'CUCC',
      中国电信: 'CTCC',
      中国广电: 'CBN',
    };
    const carriers = readBson('carrier', 'zh', '86.bson');
    const disagreements: string[] = [];
    let compared = 0;
    for (let block = 13000; block < 20000; block++) {
      const digits = String(block);
      // The package's answer is its longest prefix of the block, as libphonenumber reads it.
      const key = [5, 4, 3, 2].map((length) => digits.slice(0, length)).find((prefix) => prefix in carriers);
      // Blocks it lumps in with a wider range are skipped: 154 (unallocated) under "15", and all of 174 beyond
      // Telecom's 17400-17405 (Inmarsat, emergency communications, unallocated) under "174".
      if (!key || /^154|^174(?!0[0-5])/.test(digits)) continue;
      compared++;
      const ours = carrierByPrefix(`${digits}000000`).carrier;
      if (ours !== names[carriers[key]!])
        disagreements.push(`${digits}: package ${carriers[key]}, table ${ours}`);
    }
    expect(compared).toBeGreaterThan(4_000);
    expect(disagreements).toEqual([]);
  });
});
