/** Asia/Shanghai has been UTC+8 all year since 1991: no daylight saving, so plain arithmetic is exact. */
const OFFSET_MS = 8 * 3_600_000;

const DAY_MS = 86_400_000;
/** The day asked last: a batch of clicks or events asks for the same day thousands of times in a row. */
let lastDay = { index: Number.NaN, text: '' };

/** The calendar day in Asia/Shanghai, `YYYY-MM-DD`: the day counters are kept by. */
export function shanghaiDay(at: Date): string {
  const local = at.getTime() + OFFSET_MS;
  const index = Math.floor(local / DAY_MS);
  if (index !== lastDay.index) lastDay = { index, text: new Date(local).toISOString().slice(0, 10) };
  return lastDay.text;
}

/** Heatmap cell in Asia/Shanghai: day of week 1 (Monday) to 7 (Sunday) and hour 0-23, as `d<dow>h<hour>`. */
export function heatmapCell(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  const dow = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  return `d${dow}h${local.getUTCHours()}`;
}

export function parseHeatmapCell(cell: string): { dow: number; hour: number } | null {
  const match = /^d([1-7])h(\d{1,2})$/.exec(cell);
  if (!match) return null;
  const hour = Number(match[2]);
  return hour < 24 ? { dow: Number(match[1]), hour } : null;
}
