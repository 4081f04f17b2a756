import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { NumberFileError } from './number-file-error';

export interface CsvRow {
  /** 1-based line of the row in the file (its last line, for a quoted value spanning lines). */
  line: number;
  cells: string[];
}

const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'cp936']);

/**
 * The file's text. UTF-8 unless the upload names a GB charset (Excel on Chinese Windows saves CSV as GBK);
 * bytes that are not valid UTF-8 are refused rather than turned into replacement characters.
 */
export function decodeText(bytes: Buffer, charset?: string): string {
  const name = (charset ?? 'utf-8').trim().toLowerCase();
  if (GB_CHARSETS.has(name)) return iconv.decode(bytes, 'gb18030');
  if (name !== 'utf-8' && name !== 'utf8') {
    throw NumberFileError.structure('encoding', `charset ${charset} is not supported; use utf-8 or gbk`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw NumberFileError.structure(
      'encoding',
      'the file is not valid UTF-8; a GBK file needs Content-Type: text/csv; charset=gbk',
    );
  }
}

/** Rows with their line numbers; blank lines and lines starting with # are skipped. */
export function readCsvRows(text: string): CsvRow[] {
  try {
    const records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
      comment_no_infix: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const line = typeof lines === 'number' ? lines : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw NumberFileError.structure('file', `the CSV cannot be read: ${reason}`, { line });
  }
}

/**
 * Column positions from an optional header row. Without one, the columns are positional in `columns` order.
 * Returns the data rows and the position of each known column (-1 when a header leaves it out).
 */
export function mapColumns(
  rows: CsvRow[],
  columns: readonly string[],
  aliases: Readonly<Record<string, readonly string[]>>,
): { dataRows: CsvRow[]; positions: Record<string, number> } {
  const header = rows[0]?.cells.map((cell) => cell.trim().toLowerCase());
  const known = new Set(Object.values(aliases).flat());
  // A header names at least one known column and holds no number (a data row always starts with one).
  const isHeader =
    header !== undefined &&
    header.some((name) => known.has(name)) &&
    !header.some((name) => /^\+?\d/.test(name));
  if (!isHeader) {
    return { dataRows: rows, positions: Object.fromEntries(columns.map((column, index) => [column, index])) };
  }
  const positions: Record<string, number> = {};
  for (const column of columns)
    positions[column] = header.findIndex((name) => aliases[column]!.includes(name));
  return { dataRows: rows.slice(1), positions };
}

export function cell(row: CsvRow, position: number): string {
  return position < 0 ? '' : (row.cells[position] ?? '').trim();
}
