import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { NumberFileError } from './number-file-error';

/** Parsed rows, and the file line of each (worked out only when a problem has to be reported). */
export interface CsvTable {
  rows: string[][];
  /** 1-based line of row `index` (its last line, for a quoted value spanning lines). */
  lineOf(index: number): number;
}

const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'cp936']);

/**
 * The file's text. UTF-8 unless the upload names a GB charset (Excel on Chinese Windows saves CSV as GBK);
 * bytes that are not valid UTF-8 are refused rather than turned into replacement characters.
 */
export function decodeText(bytes: Buffer, charset?: string): string {
  // PostgreSQL stores no NUL in text (the API refuses it everywhere, issue 10); decoded text has no lone surrogates.
  if (bytes.includes(0))
    throw NumberFileError.structure(
      'encoding',
      'the file contains a NUL byte, which cannot be stored as text',
    );
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

const PARSE_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true,
  comment: '#',
  comment_no_infix: true,
} as const;

/**
 * Rows of a CSV file; blank lines and lines starting with # are skipped. Line numbers cost csv-parse an object
 * per record (it parses several times slower with them), so they are computed by a second pass, and only when
 * a row has to be reported.
 */
export function readCsv(text: string): CsvTable {
  const rows = parseOrExplain(() => parse(text, PARSE_OPTIONS));
  let lines: number[] | undefined;
  return {
    rows,
    lineOf(index: number): number {
      lines ??= (
        parse(text, { ...PARSE_OPTIONS, info: true }) as unknown as Array<{ info: { lines: number } }>
      ).map((record) => record.info.lines);
      return lines[index] ?? 0;
    },
  };
}

function parseOrExplain(work: () => string[][]): string[][] {
  try {
    return work();
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const line = typeof lines === 'number' ? lines : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw NumberFileError.structure('file', `the CSV cannot be read: ${reason}`, { line });
  }
}

/**
 * Column positions from an optional header row. Without one, the columns are positional in `columns` order.
 * Returns the index of the first data row and the position of each known column (-1 when a header leaves it out).
 */
export function mapColumns(
  table: CsvTable,
  columns: readonly string[],
  aliases: Readonly<Record<string, readonly string[]>>,
): { firstDataRow: number; positions: Record<string, number> } {
  const header = table.rows[0]?.map((cell) => cell.trim().toLowerCase());
  const known = new Set(Object.values(aliases).flat());
  // A header names at least one known column and holds no number (a data row always starts with one).
  const isHeader =
    header !== undefined &&
    header.some((name) => known.has(name)) &&
    !header.some((name) => /^\+?\d/.test(name));
  if (!isHeader) {
    return {
      firstDataRow: 0,
      positions: Object.fromEntries(columns.map((column, index) => [column, index])),
    };
  }
  const positions: Record<string, number> = {};
  for (const column of columns)
    positions[column] = header.findIndex((name) => aliases[column]!.includes(name));
  return { firstDataRow: 1, positions };
}

export function cell(row: readonly string[], position: number): string {
  return position < 0 ? '' : (row[position] ?? '').trim();
}

/** Remembers a parse of each distinct text: a file repeats a few dozen carrier and province spellings. */
export function memoize<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      value = parse(text);
      cache.set(text, value);
    }
    return value as T;
  };
}
