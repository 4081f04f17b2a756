import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { normalizePhone } from '@tongdao/phone';
import { NewOptOut } from '@tongdao/compliance-state';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ImportReport, ImportRowError } from './dto/compliance-state.view';

/** Rows written per statement. */
const IMPORT_CHUNK = 5000;
/** Refused rows reported in detail; the count covers them all. */
const MAX_REPORTED_ERRORS = 100;

export type OptOutSink = (rows: NewOptOut[]) => Promise<number>;

/**
 * Reads an opt-out CSV as a stream of records and writes it in chunks, so a file of millions of rows never sits in
 * memory as rows. Columns: `phone[,note]`, with or without a header row naming them (a header may put them in any
 * order); a UTF-8 BOM is skipped. Bad rows (unreadable CSV, invalid numbers) are counted and the first 100 reported
 * with their line; the good ones are listed.
 */
export async function importOptOuts(body: Buffer, source: string, sink: OptOutSink): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, added: 0, already_listed: 0, rejected: 0, errors: [] };
  const refuse = (error: ImportRowError) => {
    report.rejected += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(error);
  };
  const parser = Readable.from([body]).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
    }),
  );
  parser.on('skip', (error: Error & { lines?: number }) => {
    report.rows += 1;
    refuse({ line: error.lines ?? 0, code: 'CSV_MALFORMED', message: error.message });
  });
  // Repeats within a chunk are caught here, across chunks by the table's key (both count as already listed).
  const seen = new Set<string>();
  let columns: { phone: number; note: number } | null = null;
  let chunk: NewOptOut[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const added = await sink(chunk);
    report.added += added;
    report.already_listed += chunk.length - added;
    chunk = [];
    seen.clear();
  };
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const line = info.lines;
    if (columns === null) {
      columns = headerColumns(record);
      if (columns) continue;
      columns = { phone: 0, note: 1 };
    }
    report.rows += 1;
    const parsed = normalizePhone(record[columns.phone] ?? '');
    if (!parsed.ok) {
      refuse({ line, code: ErrorCode.InvalidPhone, message: `${parsed.reason} (${parsed.code})` });
      continue;
    }
    const phone = parsed.phone.e164;
    if (seen.has(phone)) {
      report.already_listed += 1;
      continue;
    }
    seen.add(phone);
    const note = columns.note >= 0 ? (record[columns.note] ?? '').slice(0, 500) : '';
    chunk.push({ phone, source, note: note === '' ? null : note });
    if (chunk.length >= IMPORT_CHUNK) await flush();
  }
  await flush();
  if (report.rows === 0)
    throw new DomainException(ErrorCode.ImportFileInvalid, 'the file has no data rows', 'body');
  return report;
}

/** A first row naming a `phone` column (English or Chinese) is a header; otherwise it is data. */
function headerColumns(record: readonly string[]): { phone: number; note: number } | null {
  const names = record.map((name) => name.trim().toLowerCase());
  const phone = names.findIndex((name) =>
    ['phone', 'mobile', 'phone_number', '手机号', '手机号码'].includes(name),
  );
  if (phone < 0) return null;
  return { phone, note: names.findIndex((name) => ['note', 'remark', '备注'].includes(name)) };
}
