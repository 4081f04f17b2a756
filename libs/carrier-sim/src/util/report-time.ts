import { wallClock } from '@tongdao/protocols';

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** YYMMDDHHMM in Beijing time, the submit/done time format of CMPP, SMGP and SMPP receipts. */
export function reportTime(epochMs: number): string {
  const t = wallClock(new Date(epochMs));
  return `${two(t.year % 100)}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}`;
}

/** YYYYMMDDHHMMSS in Beijing time (SMGP RecvTime). */
export function fullTimestamp(epochMs: number): string {
  const t = wallClock(new Date(epochMs));
  return `${t.year}${two(t.month)}${two(t.day)}${two(t.hour)}${two(t.minute)}${two(t.second)}`;
}
