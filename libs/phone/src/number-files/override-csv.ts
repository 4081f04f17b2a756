import { Carrier } from '../carrier';
import { parseCarrierName } from '../carrier-names';
import { maskPhone } from '../mask-phone';
import { normalizePhone } from '../normalize-phone';
import { cell, mapColumns, memoize, readCsv } from './csv-rows';
import { IssueCollector, NumberFileError } from './number-file-error';
import { CARRIER_HINT } from './prefix-csv';

/** The rows as columns (the form bulk inserts take), in file order. */
export interface OverrideColumns {
  /** 11-digit national numbers. */
  phones: string[];
  carriers: Carrier[];
  notes: Array<string | null>;
}

const COLUMNS = ['phone', 'carrier', 'note'] as const;
const HEADER_ALIASES: Record<(typeof COLUMNS)[number], readonly string[]> = {
  phone: ['phone', 'number', 'mobile', 'msisdn', '号码', '手机号', '手机号码'],
  carrier: ['carrier', 'isp', 'operator', '运营商', '转入运营商'],
  note: ['note', 'remark', '备注'],
};
export const MAX_NOTE_LENGTH = 200;

/**
 * A portability list: `phone,carrier[,note]`, header optional. Phones in any notation the API accepts
 * (+86 13800138000, 138-0013-8000); the carrier the number moved to. Problems are reported by line, with the
 * number masked.
 */
export function parseOverrideCsv(text: string): OverrideColumns {
  const table = readCsv(text);
  const { firstDataRow, positions } = mapColumns(table, COLUMNS, HEADER_ALIASES);
  if (positions.phone! < 0 || positions.carrier! < 0) {
    throw NumberFileError.structure('file', 'the header row needs a phone and a carrier column');
  }
  if (table.rows.length <= firstDataRow) throw NumberFileError.structure('file', 'the file has no rows');
  const issues = new IssueCollector();
  const seen = new Map<string, number>();
  const carrierOf = memoize(parseCarrierName);
  const columns: OverrideColumns = { phones: [], carriers: [], notes: [] };
  for (let index = firstDataRow; index < table.rows.length; index++) {
    const row = table.rows[index]!;
    const fail = (field: string, message: string) =>
      issues.add({ line: table.lineOf(index), field, message });
    const phoneText = cell(row, positions.phone!);
    const phone = normalizePhone(phoneText);
    const carrierText = cell(row, positions.carrier!);
    const named = carrierOf(carrierText);
    const note = cell(row, positions.note!);
    if (!phone.ok) fail('phone', `${maskPhone(phoneText)}: ${phone.reason}`);
    else if (!phone.phone.mainland) fail('phone', `${maskPhone(phone.phone.e164)} is not a mainland mobile`);
    if (!named) fail('carrier', `unknown carrier "${carrierText.slice(0, 20)}"; ${CARRIER_HINT}`);
    if (note.length > MAX_NOTE_LENGTH)
      fail('note', `the note has ${note.length} characters; at most ${MAX_NOTE_LENGTH}`);
    if (!phone.ok || !phone.phone.mainland || !named) continue;
    const national = phone.phone.national;
    const earlier = seen.get(national);
    if (earlier !== undefined) {
      fail('phone', `${maskPhone(national)} already on line ${table.lineOf(earlier)}`);
      continue;
    }
    seen.set(national, index);
    columns.phones.push(national);
    columns.carriers.push(named.carrier);
    columns.notes.push(note === '' ? null : note);
  }
  issues.throwIfAny();
  return columns;
}
