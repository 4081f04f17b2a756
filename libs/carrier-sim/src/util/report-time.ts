import { wallClock } from '@tongdao/protocols';

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

const MINUTE_MS = 60_000;
/** Every status report formats two times that nearly always fall in the same minute, so the last one is kept. */
let cachedMinute = Number.NaN;
let cachedReportTime = '';

/** YYMMDDHHMM in Beijing time, the submit/done time format of CMPP, SMGP and SMPP receipts. */
export function reportTime(epochMs: number): string {
  const minute = Math.floor(epochMs / MINUTE_MS);
  if (minute === cachedMinute) return cachedReportTime;
  const t = wallClock(new Date(epochMs));
  cachedReportTime = `${two(t.year % 100)}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}`;
  cachedMinute = minute;
  return cachedReportTime;
}

/** YYYYMMDDHHMMSS in Beijing time (SMGP RecvTime). */
export function fullTimestamp(epochMs: number): string {
  const t = wallClock(new Date(epochMs));
  return `${t.year}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}${two(t.second)}`;
}
