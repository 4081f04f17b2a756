import fc from 'fast-check';
import { isUuid, UuidV7Generator, uuidV7Timestamp } from './uuid-v7';

describe('UuidV7Generator', () => {
  it('embeds the clock time and the version and variant bits', () => {
    const generator = new UuidV7Generator(() => 1_763_800_000_123);
    const id = generator.next();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(uuidV7Timestamp(id)).toBe(1_763_800_000_123);
  });

  it('is strictly increasing within one millisecond, borrowing the next millisecond when the counter runs out', () => {
    const generator = new UuidV7Generator(() => 1_000);
    const ids = Array.from({ length: 10_000 }, () => generator.next());
    const sorted = [...ids].sort();
    expect(ids).toEqual(sorted);
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidV7Timestamp(ids[ids.length - 1]!)).toBeGreaterThan(1_000);
  });

  it('stays ordered whatever the clock does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 2, maxLength: 200 }),
        (times) => {
          let index = 0;
          const generator = new UuidV7Generator(() => times[index++ % times.length]!);
          const ids = times.map(() => generator.next());
          return ids.every((id, i) => i === 0 || id > ids[i - 1]!);
        },
      ),
    );
  });

  it('reports null for values that are not UUIDv7', () => {
    expect(uuidV7Timestamp('8f14e45f-ceea-467f-a0e8-ad2b5f6c7a1d')).toBeNull();
    expect(uuidV7Timestamp('not-a-uuid')).toBeNull();
  });
});
