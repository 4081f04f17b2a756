import { capName, DEFAULT_CAP_TEXT, formatCapList, parseCapList } from './cap-spec';

describe('parseCapList', () => {
  it('reads the defaults, sorted by window', () => {
    const parsed = parseCapList(DEFAULT_CAP_TEXT.verification);
    expect(parsed).toEqual({
      ok: true,
      caps: [
        { limit: 1, windowMs: 60_000, label: '1/minute' },
        { limit: 5, windowMs: 3_600_000, label: '5/hour' },
        { limit: 10, windowMs: 86_400_000, label: '10/day' },
      ],
    });
    const marketing = parseCapList('4/month, 2/week,2/day');
    expect(marketing.ok && formatCapList(marketing.caps)).toBe('2/day,2/week,4/month');
    expect(marketing.ok && marketing.caps.map((cap) => cap.windowMs)).toEqual([
      86_400_000,
      7 * 86_400_000,
      30 * 86_400_000,
    ]);
  });

  it('takes plurals, multiples and spaces', () => {
    const parsed = parseCapList('3 / 10minutes, 20/2hours,1/seconds');
    expect(parsed.ok && parsed.caps.map((cap) => [cap.label, cap.windowMs])).toEqual([
      ['1/second', 1000],
      ['3/10minutes', 600_000],
      ['20/2hours', 7_200_000],
    ]);
  });

  it('an empty list means no cap', () => {
    expect(parseCapList('')).toEqual({ ok: true, caps: [] });
    expect(parseCapList(' , ')).toEqual({ ok: true, caps: [] });
    expect(parseCapList('none')).toEqual({ ok: true, caps: [] });
    expect(parseCapList(' OFF ')).toEqual({ ok: true, caps: [] });
  });

  it.each([
    ['5', 'is not a cap'],
    ['5/fortnight', 'is not a cap'],
    ['0/hour', 'the count must be'],
    ['-1/hour', 'is not a cap'],
    ['1/minute,1/minute,1/minute,1/minute,1/minute,1/minute,1/minute', 'at most 6'],
  ])('refuses %p', (text, problem) => {
    const parsed = parseCapList(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });

  it('names a cap with its kind', () => {
    const parsed = parseCapList('5/hour');
    expect(parsed.ok && capName('verification', parsed.caps[0]!)).toBe('verification:5/hour');
  });
});
