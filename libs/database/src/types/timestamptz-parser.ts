import { types } from 'pg';

const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const COLON = 58;
const SPACE = 32;
const DOT = 46;
const TIMESTAMPTZ_OID = 1184;

/** pg's own text parser for timestamptz, for every form the fast path leaves alone. */
const parseGeneral = types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;

/**
 * `timestamptz` text as PostgreSQL writes it with `DateStyle=ISO` (`2026-11-30 13:22:01.123456+00`, or an offset
 * such as `+05:30`), turned into a Date without regular expressions or intermediate strings. Every event and message
 * row the dispatcher and worker read carries several of these, and the general parser (postgres-date, three regular
 * expressions and a split per value) was 5% of the worker's CPU. Anything else (years before 100 or after 9999,
 * BC, infinity) goes to pg's own parser, so the answer is always the same as pg's.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const date = parseCanonical(text);
  return date ?? parseGeneral(text);
}

function parseCanonical(text: string): Date | null {
  const length = text.length;
  if (length < 22) return null;
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== SPACE ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  )
    return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 1 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;

  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === DOT) {
    at += 1;
    let places = 0;
    while (at < length && isDigit(text.charCodeAt(at))) {
      // Below a millisecond is dropped, as pg's own parser does.
      if (places < 3) millis = millis * 10 + (text.charCodeAt(at) - ZERO);
      places += 1;
      at += 1;
    }
    if (places === 0) return null;
    for (; places < 3; places += 1) millis *= 10;
  }

  const offsetSeconds = parseOffset(text, at);
  if (offsetSeconds === null) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return new Date(utc - offsetSeconds * 1000);
}

/** `+HH`, `+HH:MM` or `+HH:MM:SS` (or `-`) running to the end of the text, in seconds; null for anything else. */
function parseOffset(text: string, at: number): number | null {
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return null;
  const rest = text.length - at - 1;
  if (rest !== 2 && rest !== 5 && rest !== 8) return null;
  const hours = digits(text, at + 1, 2);
  const minutes =
    rest >= 5 && text.charCodeAt(at + 3) === COLON ? digits(text, at + 4, 2) : rest >= 5 ? -1 : 0;
  const seconds =
    rest === 8 && text.charCodeAt(at + 6) === COLON ? digits(text, at + 7, 2) : rest === 8 ? -1 : 0;
  if (hours < 0 || minutes < 0 || seconds < 0) return null;
  const total = hours * 3600 + minutes * 60 + seconds;
  return sign === DASH ? -total : total;
}

/** The decimal number in text[from, from + count), or -1 if any of those characters is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let index = from; index < from + count; index += 1) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/**
 * pg's `types` option for a pool: the fast timestamptz parser, pg's own parsers for everything else. Scoped to
 * Tongdao's pools rather than set on pg's global registry.
 */
export const TONGDAO_PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return types.getTypeParser(oid, format ?? 'text');
  },
};
