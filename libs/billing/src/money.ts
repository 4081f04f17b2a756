/**
 * Money is an integer count of minor units: 1 unit = 0.0001 CNY (so a typical 0.035 yuan segment price is 350).
 * JavaScript numbers hold integers exactly up to 2^53, about 900 billion yuan in these units, so every amount is
 * checked to be a safe integer; a fraction or an overflow is a bug, never rounded away.
 */
export type Money = number;

export const MINOR_UNITS_PER_YUAN = 10_000;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function isMoney(value: unknown): value is Money {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertMoney(value: number, what = 'amount'): Money {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be a safe integer, got ${value}`);
  return value;
}

export function addMoney(a: Money, b: Money): Money {
  return assertMoney(a + b, 'sum');
}

export function multiplyMoney(unit: Money, count: number): Money {
  if (!Number.isSafeInteger(count)) throw new MoneyError(`count must be an integer, got ${count}`);
  return assertMoney(unit * count, 'product');
}

/** `3500` → `"0.3500"`: a decimal string for people and CSV files; never parsed back into a float. */
export function formatYuan(amount: Money): string {
  assertMoney(amount);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(5, '0');
  const whole = digits.slice(0, -4);
  const fraction = digits.slice(-4);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Reads a PostgreSQL bigint (which node-pg returns as a string) into Money, refusing anything unsafe. */
export function moneyFromDatabase(value: string | number | null | undefined): Money {
  if (value === null || value === undefined) return 0;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed))
    throw new MoneyError(`database amount ${String(value)} is not a safe integer`);
  return parsed;
}
