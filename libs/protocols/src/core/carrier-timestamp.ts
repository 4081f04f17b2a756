/** China Standard Time; carrier gateways read wall-clock fields as Beijing time. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock fields at a fixed UTC offset, independent of the host's time zone. */
export function wallClock(date: Date, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): WallClock {
  const shifted = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** MMDDHHMMSS as a decimal number, the login/header timestamp of CMPP, SGIP and SMGP. */
export function carrierTimestamp(date: Date, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): number {
  const t = wallClock(date, utcOffsetMinutes);
  return (((t.month * 100 + t.day) * 100 + t.hour) * 100 + t.minute) * 100 + t.second;
}

/** The `%010d` form hashed into authenticators: keeps the leading zero of January–September. */
export function formatCarrierTimestamp(timestamp: number): string {
  return String(timestamp).padStart(10, '0');
}
