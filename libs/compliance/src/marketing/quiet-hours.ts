import { QuietWindow } from '../account-compliance-policy';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
  /** Local time minus UTC, in ms. */
  offsetMs: number;
}

function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts as Record<string, number>;
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const offsetMs = asUtc - (at.getTime() - (at.getTime() % 1000));
  return { year: year!, month: month!, day: day!, minuteOfDay: hour! * 60 + minute!, offsetMs };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * When a message due at `at` may go out under a quiet window: null if `at` is outside the window, else the moment
 * the window ends (local `endMinute`, on the same or the next local day). A window may wrap midnight
 * (22:00–08:00); start is inside, end is outside: 22:00:00 is quiet, 08:00:00 is not.
 */
export function quietUntil(at: Date, window: QuietWindow): Date | null {
  const { startMinute, endMinute } = window;
  if (startMinute === endMinute) return null;
  const local = localTime(at, window.timeZone);
  const minute = local.minuteOfDay;
  const wraps = startMinute > endMinute;
  const inside = wraps
    ? minute >= startMinute || minute < endMinute
    : minute >= startMinute && minute < endMinute;
  if (!inside) return null;
  const dayShift = wraps && minute >= startMinute ? 1 : 0;
  const localEnd = Date.UTC(local.year, local.month - 1, local.day + dayShift, 0, endMinute);
  let release = new Date(localEnd - local.offsetMs);
  // Across a daylight-saving change the offset at the release differs from the one now.
  const offsetThen = localTime(release, window.timeZone).offsetMs;
  if (offsetThen !== local.offsetMs) release = new Date(localEnd - offsetThen);
  return release;
}

/** "22:00" → 1320. */
export function parseClock(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
