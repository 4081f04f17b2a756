import { ExponentialBackoff } from './exponential-backoff';

describe('ExponentialBackoff', () => {
  it('doubles up to the maximum when jitter draws its top value', () => {
    const backoff = new ExponentialBackoff({ initialMs: 100, maxMs: 1_000, random: () => 1 });
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('keeps every delay within [base·(1 − jitter), base]', () => {
    const low = new ExponentialBackoff({ initialMs: 100, maxMs: 1_000, jitter: 0.5, random: () => 0 });
    expect(Array.from({ length: 3 }, () => low.next())).toEqual([50, 100, 200]);
  });

  it('starts over after reset', () => {
    const backoff = new ExponentialBackoff({ initialMs: 100, maxMs: 1_000, random: () => 1 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(100);
  });

  it('rejects nonsensical bounds', () => {
    expect(() => new ExponentialBackoff({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new ExponentialBackoff({ initialMs: 100, maxMs: 10 })).toThrow(RangeError);
  });
});
