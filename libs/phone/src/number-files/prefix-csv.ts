import { Carrier } from '../carrier';
import { parseCarrierName } from '../carrier-names';
import {
  isMobilePrefix,
  MAX_PREFIX_LENGTH,
  MIN_PREFIX_LENGTH,
  PrefixLayer,
} from '../number-data/prefix-layer';
import { canonicalCity, canonicalProvince } from '../provinces';
import { cell, CsvRow, mapColumns, readCsvRows } from './csv-rows';
import { IssueCollector, NumberFileError } from './number-file-error';
import { ParsedPrefixFile, SummaryCounter } from './prefix-file-summary';

const COLUMNS = ['prefix', 'carrier', 'province', 'city'] as const;
const HEADER_ALIASES: Record<(typeof COLUMNS)[number], readonly string[]> = {
  prefix: ['prefix', '号段', '前缀'],
  carrier: ['carrier', 'isp', 'operator', '运营商'],
  province: ['province', '省份', '省'],
  city: ['city', '城市', '市'],
};

export const CARRIER_HINT = 'use CMCC, CUCC, CTCC or CBN (or 中国移动, 中国联通, 中国电信, 中国广电)';

/**
 * An operator's prefix file: `prefix,carrier,province,city`, one row per prefix of 3 to 7 digits. A header row
 * is optional (and may order the columns differently); carrier or province may be empty, not both. Every row
 * problem is reported with its line number; nothing is imported unless the whole file is good.
 */
export function parsePrefixCsv(text: string, importId: string | null = null): ParsedPrefixFile {
  const { dataRows, positions } = mapColumns(readCsvRows(text), COLUMNS, HEADER_ALIASES);
  if (positions.prefix! < 0) throw NumberFileError.structure('file', 'the header row has no prefix column');
  if (dataRows.length === 0) throw NumberFileError.structure('file', 'the file has no prefix rows');
  const layer = new PrefixLayer('imported', importId);
  const counter = new SummaryCounter();
  const issues = new IssueCollector();
  const seen = new Map<string, number>();
  for (const row of dataRows) {
    const parsed = parseRow(row, positions, issues);
    if (!parsed) continue;
    const earlier = seen.get(parsed.prefix);
    if (earlier !== undefined) {
      issues.add({
        line: row.line,
        field: 'prefix',
        message: `prefix ${parsed.prefix} already on line ${earlier}`,
      });
      continue;
    }
    seen.set(parsed.prefix, row.line);
    if (issues.count > 0) continue;
    layer.add(parsed.prefix, parsed);
    counter.count(parsed.carrier, parsed.mvno, parsed.province);
  }
  issues.throwIfAny();
  return { layer, summary: counter.summary('csv', layer, null) };
}

interface PrefixRow {
  prefix: string;
  carrier: Carrier | null;
  mvno: boolean;
  province: string | null;
  city: string | null;
}

function parseRow(row: CsvRow, positions: Record<string, number>, issues: IssueCollector): PrefixRow | null {
  const before = issues.count;
  const fail = (field: string, message: string) => issues.add({ line: row.line, field, message });
  const prefix = cell(row, positions.prefix!);
  if (!/^\d+$/.test(prefix)) fail('prefix', `prefix "${prefix.slice(0, 20)}" is not a number`);
  else if (prefix.length < MIN_PREFIX_LENGTH || prefix.length > MAX_PREFIX_LENGTH)
    fail('prefix', `prefix ${prefix} has ${prefix.length} digits; 3 to 7 are allowed`);
  else if (!isMobilePrefix(prefix)) fail('prefix', `prefix ${prefix} is not a mobile range (13-19)`);
  const carrierText = cell(row, positions.carrier!);
  const named = carrierText === '' ? null : parseCarrierName(carrierText);
  if (carrierText !== '' && !named)
    fail('carrier', `unknown carrier "${carrierText.slice(0, 20)}"; ${CARRIER_HINT}`);
  const provinceText = cell(row, positions.province!);
  const province = provinceText === '' ? null : canonicalProvince(provinceText);
  if (provinceText !== '' && !province)
    fail('province', `"${provinceText.slice(0, 20)}" is not a mainland province, municipality or region`);
  const city = canonicalCity(cell(row, positions.city!));
  if (city && provinceText === '') fail('city', 'a city needs its province');
  if (carrierText === '' && provinceText === '')
    fail('carrier', 'the row states neither a carrier nor a province');
  if (issues.count > before) return null;
  return { prefix, carrier: named?.carrier ?? null, mvno: named?.mvno ?? false, province, city };
}
