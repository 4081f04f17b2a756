/**
 * Billing days and months in one time zone (Asia/Shanghai by default): daily and monthly quotas reset at local
 * midnight and usage reports are grouped by local day.
 */
export class BillingCalendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly dayCache = new Map<number, string>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  static isValidTimeZone(timeZone: string): boolean {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      return true;
    } catch {
      return false;
    }
  }

  /** `YYYY-MM-DD` of the local day. Every zone's offset is a multiple of 15 minutes, so that is the cache grain. */
  dayOf(at: Date | number): string {
    const ms = typeof at === 'number' ? at : at.getTime();
    const bucket = Math.floor(ms / 900_000);
    let day = this.dayCache.get(bucket);
    if (day === undefined) {
      const parts = this.parts(ms);
      day = `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
      if (this.dayCache.size > 10_000) this.dayCache.clear();
      this.dayCache.set(bucket, day);
    }
    return day;
  }

  /** `YYYY-MM` of the local month. */
  monthOf(at: Date | number): string {
    return this.dayOf(at).slice(0, 7);
  }

  /** Milliseconds from `now` to the next local midnight. */
  msUntilNextDay(now: number): number {
    const parts = this.parts(now);
    return this.localToUtc(parts.year, parts.month, parts.day + 1) - now;
  }

  /** Milliseconds from `now` to the first local midnight of the next month. */
  msUntilNextMonth(now: number): number {
    const parts = this.parts(now);
    return this.localToUtc(parts.year, parts.month + 1, 1) - now;
  }

  /** The UTC instant of local midnight on that (possibly overflowing) date, e.g. day 32 is next month. */
  localToUtc(year: number, month: number, day: number): number {
    const naive = Date.UTC(year, month - 1, day);
    let guess = naive - this.offsetMs(naive);
    guess = naive - this.offsetMs(guess);
    return guess;
  }

  /** How far local time is ahead of UTC at that instant. */
  offsetMs(at: number): number {
    const parts = this.parts(at);
    const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return local - Math.floor(at / 1000) * 1000;
  }

  private parts(ms: number) {
    const values: Record<string, number> = {};
    for (const part of this.format.formatToParts(ms)) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    return {
      year: values.year!,
      month: values.month!,
      day: values.day!,
      hour: values.hour!,
      minute: values.minute!,
      second: values.second!,
    };
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
