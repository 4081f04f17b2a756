import { Carrier } from '../carrier';
import { parseCarrierName } from '../carrier-names';
import {
  isMobilePrefix,
  MAX_PREFIX_LENGTH,
  MIN_PREFIX_LENGTH,
  PrefixLayer,
} from '../number-data/prefix-layer';
import { canonicalCity, canonicalProvince } from '../provinces';
import { cell, memoize, mapColumns, readCsv } from './csv-rows';
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
  const table = readCsv(text);
  const { firstDataRow, positions } = mapColumns(table, COLUMNS, HEADER_ALIASES);
  if (positions.prefix! < 0) throw NumberFileError.structure('file', 'the header row has no prefix column');
  if (table.rows.length <= firstDataRow)
    throw NumberFileError.structure('file', 'the file has no prefix rows');
  const layer = new PrefixLayer('imported', importId);
  const counter = new SummaryCounter();
  const issues = new IssueCollector();
  const reader = new RowReader(positions, issues);
  const seen = new Map<string, number>();
  for (let index = firstDataRow; index < table.rows.length; index++) {
    const report = (field: string, message: string) =>
      issues.add({ line: table.lineOf(index), field, message });
    const parsed = reader.read(table.rows[index]!, report);
    if (!parsed) continue;
    const earlier = seen.get(parsed.prefix);
    if (earlier !== undefined) {
      report('prefix', `prefix ${parsed.prefix} already on line ${table.lineOf(earlier)}`);
      continue;
    }
    seen.set(parsed.prefix, index);
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

type Report = (field: string, message: string) => void;

class RowReader {
  private readonly carrierOf = memoize(parseCarrierName);
  private readonly provinceOf = memoize(canonicalProvince);
  private readonly cityOf = memoize(canonicalCity);

  constructor(
    private readonly positions: Record<string, number>,
    private readonly issues: IssueCollector,
  ) {}

  read(row: readonly string[], report: Report): PrefixRow | null {
    const before = this.issues.count;
    const prefix = cell(row, this.positions.prefix!);
    if (!/^\d+$/.test(prefix)) report('prefix', `prefix "${prefix.slice(0, 20)}" is not a number`);
    else if (prefix.length < MIN_PREFIX_LENGTH || prefix.length > MAX_PREFIX_LENGTH)
      report('prefix', `prefix ${prefix} has ${prefix.length} digits; 3 to 7 are allowed`);
    else if (!isMobilePrefix(prefix)) report('prefix', `prefix ${prefix} is not a mobile range (13-19)`);
    const carrierText = cell(row, this.positions.carrier!);
    const named = carrierText === '' ? null : this.carrierOf(carrierText);
    if (carrierText !== '' && !named)
      report('carrier', `unknown carrier "${carrierText.slice(0, 20)}"; ${CARRIER_HINT}`);
    const provinceText = cell(row, this.positions.province!);
    const province = provinceText === '' ? null : this.provinceOf(provinceText);
    if (provinceText !== '' && !province)
      report('province', `"${provinceText.slice(0, 20)}" is not a mainland province, municipality or region`);
    const city = this.cityOf(cell(row, this.positions.city!));
    if (city && provinceText === '') report('city', 'a city needs its province');
    if (carrierText === '' && provinceText === '')
      report('carrier', 'the row states neither a carrier nor a province');
    if (this.issues.count > before) return null;
    return { prefix, carrier: named?.carrier ?? null, mvno: named?.mvno ?? false, province, city };
  }
}
