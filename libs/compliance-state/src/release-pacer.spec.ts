import { paceReleases } from './release-pacer';

const now = new Date('2026-11-30T00:00:00.000Z');

describe('paceReleases', () => {
  it('spaces releases 1/rate apart from now, and stops at the horizon', () => {
    const paced = paceReleases(
      100,
      [{ key: 'account:a', nextSlotAt: new Date(0), ratePerSecond: 10 }],
      now,
      2_000,
    );
    expect(paced.dueAt).toHaveLength(21);
    expect(paced.dueAt[0]).toEqual(now);
    expect(paced.dueAt[1]!.getTime() - now.getTime()).toBe(100);
    expect(paced.dueAt[20]!.getTime() - now.getTime()).toBe(2_000);
    expect(paced.nextSlots.get('account:a')!.getTime() - now.getTime()).toBe(2_100);
  });

  it('continues from a pace already ahead of now', () => {
    const paced = paceReleases(
      3,
      [{ key: 'account:a', nextSlotAt: new Date(now.getTime() + 500), ratePerSecond: 4 }],
      now,
      10_000,
    );
    expect(paced.dueAt.map((at) => at.getTime() - now.getTime())).toEqual([500, 750, 1000]);
  });

  it('the slower of the account and platform paces decides', () => {
    const paced = paceReleases(
      3,
      [
        { key: 'account:a', nextSlotAt: new Date(0), ratePerSecond: 100 },
        { key: 'platform', nextSlotAt: new Date(now.getTime() + 1000), ratePerSecond: 2 },
      ],
      now,
      10_000,
    );
    expect(paced.dueAt.map((at) => at.getTime() - now.getTime())).toEqual([1000, 1500, 2000]);
    expect(paced.nextSlots.get('platform')!.getTime() - now.getTime()).toBe(2500);
  });

  it('releases nothing when the pace is beyond the horizon', () => {
    const paced = paceReleases(
      5,
      [{ key: 'account:a', nextSlotAt: new Date(now.getTime() + 60_000), ratePerSecond: 1 }],
      now,
      30_000,
    );
    expect(paced.dueAt).toEqual([]);
  });
});
