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
});
