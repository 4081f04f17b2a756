import type { MessageKind } from '@tongdao/lifecycle';

/** One frequency cap: at most `limit` messages in any rolling window of `windowMs`. */
export interface CapSpec {
  readonly limit: number;
  readonly windowMs: number;
  /** As written and as refusals name it: `5/hour`. */
  readonly label: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Window units. A week is 7 × 24 hours and a month 30 × 24 hours, counted back from the message's time. */
export const CAP_UNITS: Readonly<Record<string, number>> = Object.freeze({
  second: 1000,
  minute: MINUTE,
  hour: HOUR,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
});

/** The defaults: codes 1 a minute, 5 an hour, 10 a day; marketing 2 a day, 2 a week, 4 a month. */
export const DEFAULT_CAP_TEXT: Readonly<Record<MessageKind, string>> = Object.freeze({
  verification: '1/minute,5/hour,10/day',
  notification: '',
  marketing: '2/day,2/week,4/month',
});

/** Most caps per kind: each one costs a count per phone in the script. */
export const MAX_CAPS_PER_KIND = 6;
export const MAX_CAP_LIMIT = 100_000;

export type CapParseResult = { ok: true; caps: CapSpec[] } | { ok: false; problem: string };

/**
 * `"1/minute, 5/hour,10/day"` → caps, sorted by window. An empty text, `none` or `off` means no cap. A unit may carry a count
 * (`3/10minutes`, `20/2hours`); units are second, minute, hour, day, week, month (plural or not).
 */
export function parseCapList(text: string): CapParseResult {
  // An empty environment variable counts as unset, so configuration spells "no cap" as `none` (or `off`).
  if (/^\s*(none|off)\s*$/i.test(text)) return { ok: true, caps: [] };
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length > MAX_CAPS_PER_KIND)
    return { ok: false, problem: `at most ${MAX_CAPS_PER_KIND} caps per kind` };
  const caps: CapSpec[] = [];
  for (const entry of entries) {
    const match = /^(\d{1,6})\s*\/\s*(\d{0,4})\s*([a-z]+?)s?$/i.exec(entry);
    const unit = match ? CAP_UNITS[match[3]!.toLowerCase()] : undefined;
    if (!match || unit === undefined)
      return { ok: false, problem: `"${entry}" is not a cap such as 5/hour or 3/10minutes` };
    const limit = Number(match[1]);
    const multiple = match[2] === '' ? 1 : Number(match[2]);
    if (limit < 1 || limit > MAX_CAP_LIMIT || multiple < 1)
      return { ok: false, problem: `"${entry}": the count must be 1 to ${MAX_CAP_LIMIT}` };
    const unitName = match[3]!.toLowerCase();
    const label = multiple === 1 ? `${limit}/${unitName}` : `${limit}/${multiple}${unitName}s`;
    caps.push({ limit, windowMs: unit * multiple, label });
  }
  caps.sort((a, b) => a.windowMs - b.windowMs || a.limit - b.limit);
  return { ok: true, caps };
}

/** The canonical text of a cap list (what the settings API shows). */
export function formatCapList(caps: readonly CapSpec[]): string {
  return caps.map((cap) => cap.label).join(',');
}

/** `verification:5/hour`, as refusals name a cap. */
export function capName(kind: MessageKind, cap: CapSpec): string {
  return `${kind}:${cap.label}`;
}
