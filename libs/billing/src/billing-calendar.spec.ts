import { BillingCalendar } from './billing-calendar';

describe('BillingCalendar', () => {
  const shanghai = new BillingCalendar('Asia/Shanghai');

  it('puts 16:00 UTC into the next Shanghai day', () => {
    expect(shanghai.dayOf(new Date('2025-11-10T15:59:59Z'))).toBe('2025-11-10');
    expect(shanghai.dayOf(new Date('2025-11-10T16:00:00Z'))).toBe('2025-11-11');
    expect(shanghai.monthOf(new Date('2025-11-30T16:00:00Z'))).toBe('2025-12');
  });

  it('counts down to local midnight and to the first of the next month', () => {
    const now = Date.parse('2025-11-10T15:00:00Z'); // 23:00 in Shanghai
    expect(shanghai.msUntilNextDay(now)).toBe(3600_000);
    expect(shanghai.msUntilNextMonth(Date.parse('2025-12-31T15:30:00Z'))).toBe(1800_000);
    expect(shanghai.msUntilNextMonth(Date.parse('2025-02-26T16:00:00Z'))).toBe(2 * 86_400_000);
  });

  it('handles daylight saving time in zones that have it', () => {
    const newYork = new BillingCalendar('America/New_York');
    // 2025-03-09 is 23 hours long in New York.
    const startOfDay = Date.parse('2025-03-09T05:00:00Z');
    expect(newYork.dayOf(startOfDay)).toBe('2025-03-09');
    expect(newYork.msUntilNextDay(startOfDay)).toBe(23 * 3600_000);
  });

  it('tells valid zones from invalid ones', () => {
    expect(BillingCalendar.isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(BillingCalendar.isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
