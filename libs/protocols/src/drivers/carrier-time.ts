import { CHINA_UTC_OFFSET_MINUTES } from '../core';

const COMPACT_TIME = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;

/** The last input and its result, as epoch ms (undefined when it did not parse). */
let lastText: string | undefined;
let lastOffset: number | undefined;
let lastTime: number | undefined;

/**
 * Parses the compact wall-clock times in status reports (YYMMDDHHMM, YYMMDDHHMMSS or YYYYMMDDHHMMSS), read as
 * Beijing time. Undefined for anything malformed: a bad timestamp must not cost us the report itself.
 */
export function parseCarrierTime(
  text: string,
  utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES,
): Date | undefined {
  // Reports arrive by the thousand with the same minute-resolution time; Dates are mutable, so a copy is returned.
  if (text === lastText && utcOffsetMinutes === lastOffset)
    return lastTime === undefined ? undefined : new Date(lastTime);
  const parsed = parse(text, utcOffsetMinutes);
  lastText = text;
  lastOffset = utcOffsetMinutes;
  lastTime = parsed?.getTime();
  return parsed;
}

function parse(text: string, utcOffsetMinutes: number): Date | undefined {
  const match = COMPACT_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, yearText, month, day, hour, minute, second] = match;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const utc = Date.UTC(
    year,
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
  );
  const date = new Date(utc - utcOffsetMinutes * 60_000);
  const valid = Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31;
  return valid && !Number.isNaN(date.getTime()) ? date : undefined;
}
