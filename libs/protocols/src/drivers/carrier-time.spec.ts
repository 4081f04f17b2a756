import { parseCarrierTime } from './carrier-time';

describe('parseCarrierTime', () => {
  it('reads YYMMDDHHMM and YYYYMMDDHHMMSS as Beijing time', () => {
    expect(parseCarrierTime('2611221331')?.toISOString()).toBe('2026-11-22T05:31:00.000Z');
    expect(parseCarrierTime('20261122133015')?.toISOString()).toBe('2026-11-22T05:30:15.000Z');
  });

  it('returns undefined for malformed values instead of throwing', () => {
    expect(parseCarrierTime('')).toBeUndefined();
    expect(parseCarrierTime('26112213')).toBeUndefined();
    expect(parseCarrierTime('2613221331')).toBeUndefined();
  });

  it("hands out an independent Date for a repeated value, so one caller cannot change another's", () => {
    const first = parseCarrierTime('2611221331') as Date;
    first.setTime(0);
    expect(parseCarrierTime('2611221331')?.toISOString()).toBe('2026-11-22T05:31:00.000Z');
  });

  it('keeps repeated values apart by UTC offset and remembers malformed ones as malformed', () => {
    expect(parseCarrierTime('2611221331', 0)?.toISOString()).toBe('2026-11-22T13:31:00.000Z');
    expect(parseCarrierTime('2611221331')?.toISOString()).toBe('2026-11-22T05:31:00.000Z');
    expect(parseCarrierTime('2613221331')).toBeUndefined();
    expect(parseCarrierTime('2613221331')).toBeUndefined();
  });
});
