import { SequenceGenerator } from './sequence-generator';
import { carrierTimestamp, formatCarrierTimestamp, wallClock } from './carrier-timestamp';

describe('SequenceGenerator', () => {
  it('starts at 1 and increments', () => {
    const generator = new SequenceGenerator();
    expect([generator.next(), generator.next(), generator.next()]).toEqual([1, 2, 3]);
  });

  it('wraps at 0x7fffffff by default and never yields 0', () => {
    const generator = new SequenceGenerator({ start: 0x7ffffffe });
    expect([generator.next(), generator.next(), generator.next()]).toEqual([0x7ffffffe, 0x7fffffff, 1]);
  });

  it('wraps at 0xffffffff when configured for unsigned peers', () => {
    const generator = new SequenceGenerator({ max: 0xffffffff, start: 0xffffffff });
    expect([generator.next(), generator.next()]).toEqual([0xffffffff, 1]);
  });

  it('rejects impossible bounds', () => {
    expect(() => new SequenceGenerator({ max: 0 })).toThrow(RangeError);
    expect(() => new SequenceGenerator({ max: 2 ** 32 })).toThrow(RangeError);
    expect(() => new SequenceGenerator({ max: 10, start: 11 })).toThrow(RangeError);
    expect(() => new SequenceGenerator({ start: 0 })).toThrow(RangeError);
  });
});

describe('carrier timestamps', () => {
  it('reads wall-clock fields at UTC+8 across a date line', () => {
    expect(wallClock(new Date('2024-12-31T16:30:00Z'))).toEqual({
      year: 2025,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      second: 0,
    });
  });

  it('formats MMDDHHMMSS and its zero-padded string', () => {
    const ts = carrierTimestamp(new Date('2025-01-01T00:00:09+08:00'));
    expect(ts).toBe(101000009);
    expect(formatCarrierTimestamp(ts)).toBe('0101000009');
  });
});
