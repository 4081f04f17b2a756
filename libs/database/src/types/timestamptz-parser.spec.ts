import { types } from 'pg';
import { parseTimestamptz, TONGDAO_PG_TYPES } from './timestamptz-parser';

const pgOwn = types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

/** A small deterministic generator, so a failure names the text that broke it and reruns the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function timestampText(next: () => number): string {
  const year = 100 + Math.floor(next() * 9900);
  const date = `${pad(year, 4)}-${pad(1 + Math.floor(next() * 12), 2)}-${pad(1 + Math.floor(next() * 28), 2)}`;
  const time = `${pad(Math.floor(next() * 24), 2)}:${pad(Math.floor(next() * 60), 2)}:${pad(Math.floor(next() * 60), 2)}`;
  const places = Math.floor(next() * 7);
  const fraction = places === 0 ? '' : '.' + pad(Math.floor(next() * 10 ** places), places);
  const sign = next() < 0.5 ? '+' : '-';
  const hours = pad(Math.floor(next() * 15), 2);
  const zone = [
    `${sign}${hours}`,
    `${sign}${hours}:${pad(Math.floor(next() * 4) * 15, 2)}`,
    `${sign}${hours}:${pad(Math.floor(next() * 60), 2)}:${pad(Math.floor(next() * 60), 2)}`,
  ][Math.floor(next() * 3)]!;
  return `${date} ${time}${fraction}${zone}`;
}

describe('parseTimestamptz', () => {
  it('reads what PostgreSQL writes for timestamptz, to the millisecond', async () => {
    await expect(Promise.resolve(parseTimestamptz('2026-11-30 13:22:01.123456+00'))).resolves.toEqual(
      new Date('2026-11-30T13:22:01.123Z'),
    );
    expect(parseTimestamptz('2026-11-30 21:22:01+08')).toEqual(new Date('2026-11-30T13:22:01.000Z'));
    expect(parseTimestamptz('2026-11-30 08:52:01.5+05:30')).toEqual(new Date('2026-11-30T03:22:01.500Z'));
    expect(parseTimestamptz('2026-11-30 01:22:01.999999-12')).toEqual(new Date('2026-11-30T13:22:01.999Z'));
    expect(parseTimestamptz('1919-01-01 00:00:00+07:36:42')).toEqual(new Date('1918-12-31T16:23:18.000Z'));
  });

  it('agrees with pg’s own parser on 20,000 generated timestamps', () => {
    const next = random(20261130);
    for (let index = 0; index < 20_000; index += 1) {
      const text = timestampText(next);
      const ours = parseTimestamptz(text) as Date;
      const theirs = pgOwn(text) as Date;
      if (ours.getTime() !== theirs.getTime())
        throw new Error(`${text}: ${ours.toISOString()} ≠ ${theirs.toISOString()}`);
    }
    expect(next()).toBeLessThan(1);
  });

  it.each([
    'infinity',
    '-infinity',
    '0044-03-15 12:00:00+00 BC',
    '0099-12-31 23:59:59+00',
    '12026-01-01 00:00:00+00',
    '2026-11-30 13:22:01.+00',
    '2026-11-30T13:22:01Z',
    '2026-11-30',
  ])('hands %s to pg’s own parser and answers the same', (text) => {
    expect(parseTimestamptz(text)).toEqual(pgOwn(text));
  });

  it('is what Tongdao’s pools use for timestamptz, and leaves every other type to pg', () => {
    expect(TONGDAO_PG_TYPES.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(TONGDAO_PG_TYPES.getTypeParser(1184)).toBe(parseTimestamptz);
    expect(TONGDAO_PG_TYPES.getTypeParser(1114, 'text')).toBe(types.getTypeParser(1114, 'text'));
    expect(TONGDAO_PG_TYPES.getTypeParser(20, 'text')).toBe(types.getTypeParser(20, 'text'));
    expect(TONGDAO_PG_TYPES.getTypeParser(1184, 'binary')).toBe(types.getTypeParser(1184, 'binary'));
  });
});
