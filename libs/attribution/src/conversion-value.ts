/** Conversion values are money in minor units (fen for CNY); bigint-safe in PostgreSQL, exact in JSON up to 2^53. */
export type ConversionValue = { ok: true; minor: number | null } | { ok: false; message: string };

const DECIMAL = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/**
 * Either `value` as a decimal string in major units with at most two decimals ("199.90") or `value_minor` as a
 * non-negative integer of minor units (19990); not both. Floats are refused: 0.1 + 0.2 is not money.
 */
export function parseConversionValue(value: unknown, valueMinor: unknown): ConversionValue {
  if (value !== undefined && value !== null && valueMinor !== undefined && valueMinor !== null)
    return { ok: false, message: 'give value or value_minor, not both' };
  if (valueMinor !== undefined && valueMinor !== null) {
    if (typeof valueMinor !== 'number' || !Number.isSafeInteger(valueMinor) || valueMinor < 0)
      return { ok: false, message: 'value_minor must be a non-negative integer' };
    return { ok: true, minor: valueMinor };
  }
  if (value === undefined || value === null) return { ok: true, minor: null };
  if (typeof value !== 'string')
    return { ok: false, message: 'value must be a decimal string such as "199.90"' };
  const match = DECIMAL.exec(value);
  if (!match) return { ok: false, message: 'value must be a decimal string with at most two decimals' };
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return { ok: true, minor: Number(match[1]) * 100 + Number(fraction) };
}

export function formatMinor(minor: number): string {
  const whole = Math.floor(minor / 100);
  return `${whole}.${String(minor % 100).padStart(2, '0')}`;
}
