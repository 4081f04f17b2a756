import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { CapVerdict } from '@tongdao/compliance';
import { ComplianceStateSettingsStore } from '@tongdao/compliance-state';
import { createRedisClient } from '@tongdao/platform';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';

/** The platform defaults of issue 9 (the shared test setup turns caps off). */
const PLATFORM_CAPS = {
  COMPLIANCE_CAPS_VERIFICATION: '1/minute,5/hour,10/day',
  COMPLIANCE_CAPS_MARKETING: '2/day,2/week,4/month',
};
import { RedisFrequencyCaps } from '../../apps/api/src/compliance/redis-frequency-caps';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Near the real clock: the cap script lets a key expire by Redis's own time, so counts stamped far in the past
// (a fixed date, once it lies more than a window behind) vanish between two calls.
const t0 = new Date(Math.ceil(Date.now() / HOUR) * HOUR);

let serial = 0;
const newPhone = () =>
  `+86139${String(Date.now() % 1e4).padStart(4, '0')}${String(++serial).padStart(4, '0')}`;
const at = (offsetMs: number) => new Date(t0.getTime() + offsetMs);
const refusals = (verdicts: CapVerdict[]) =>
  verdicts.map((verdict) => (verdict.ok ? 'ok' : `${verdict.cap}@${verdict.freesAt.toISOString()}`));

jest.setTimeout(120_000);

describe('frequency caps in Redis (rolling windows, atomic per batch)', () => {
  let api: ApiTestApp;
  let caps: RedisFrequencyCaps;
  let settings: ComplianceStateSettingsStore;

  beforeAll(async () => {
    api = await createApiTestApp(PLATFORM_CAPS);
    caps = api.app.get(RedisFrequencyCaps);
    settings = api.app.get(ComplianceStateSettingsStore);
  });

  afterAll(async () => {
    await api?.close();
  });

  const account = async () => (await api.seed.createAccount(api.seed.operator)).id;

  it('verification: 1 a minute, exactly at the window edge', async () => {
    const accountId = await account();
    const phone = newPhone();
    const request = (offset: number) => ({
      accountId,
      kind: 'verification' as const,
      phones: [phone],
      now: at(offset),
    });
    expect(refusals(await caps.reserve(request(0)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(MINUTE - 1)))).toEqual([
      `verification:1/minute@${at(MINUTE).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(MINUTE)))).toEqual(['ok']);
  });

  it('verification: the 6th within an hour names 5/hour and frees when the first leaves the hour', async () => {
    const accountId = await account();
    const phone = newPhone();
    const request = (offset: number) => ({
      accountId,
      kind: 'verification' as const,
      phones: [phone],
      now: at(offset),
    });
    for (let minute = 0; minute < 5; minute += 1)
      expect(refusals(await caps.reserve(request(minute * MINUTE)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(10 * MINUTE)))).toEqual([
      `verification:5/hour@${at(HOUR).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(HOUR - 1)))).toEqual([
      `verification:5/hour@${at(HOUR).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(HOUR)))).toEqual(['ok']);
  });

  it('verification: 10 a day', async () => {
    const accountId = await account();
    const phone = newPhone();
    const request = (offset: number) => ({
      accountId,
      kind: 'verification' as const,
      phones: [phone],
      now: at(offset),
    });
    // Five in the first hour, five in the third: ten within the day.
    for (const hour of [0, 2])
      for (let minute = 0; minute < 5; minute += 1)
        expect(refusals(await caps.reserve(request(hour * HOUR + minute * MINUTE)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(5 * HOUR)))).toEqual([
      `verification:10/day@${at(DAY).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(DAY + MINUTE)))).toEqual(['ok']);
  });

  it('marketing: 2 a day, 2 a week, 4 a month', async () => {
    const accountId = await account();
    const phone = newPhone();
    const request = (offset: number) => ({
      accountId,
      kind: 'marketing' as const,
      phones: [phone],
      now: at(offset),
    });
    expect(refusals(await caps.reserve(request(0)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(HOUR)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(2 * HOUR)))).toEqual([
      `marketing:2/week@${at(7 * DAY).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(3 * DAY)))).toEqual([
      `marketing:2/week@${at(7 * DAY).toISOString()}`,
    ]);
    expect(refusals(await caps.reserve(request(7 * DAY)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(14 * DAY)))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request(21 * DAY)))).toEqual([
      `marketing:4/month@${at(30 * DAY).toISOString()}`,
    ]);
  });

  it('notification has no cap by default; kinds and accounts count apart', async () => {
    const accountId = await account();
    const other = await account();
    const phone = newPhone();
    for (let index = 0; index < 20; index += 1)
      expect(
        refusals(await caps.reserve({ accountId, kind: 'notification', phones: [phone], now: at(index) })),
      ).toEqual(['ok']);
    expect(
      refusals(await caps.reserve({ accountId, kind: 'verification', phones: [phone], now: at(0) })),
    ).toEqual(['ok']);
    expect(
      refusals(await caps.reserve({ accountId: other, kind: 'verification', phones: [phone], now: at(0) })),
    ).toEqual(['ok']);
  });

  it('a batch gets one verdict per phone and a phone listed twice counts twice', async () => {
    const accountId = await account();
    const [a, b, c] = [newPhone(), newPhone(), newPhone()];
    await caps.reserve({ accountId, kind: 'verification', phones: [b], now: at(0) });
    expect(
      refusals(await caps.reserve({ accountId, kind: 'verification', phones: [a, b, c, a], now: at(1000) })),
    ).toEqual([
      'ok',
      `verification:1/minute@${at(MINUTE).toISOString()}`,
      'ok',
      `verification:1/minute@${at(MINUTE + 1000).toISOString()}`,
    ]);
  });

  it('peek answers like reserve without counting; release gives back what reserve took', async () => {
    const accountId = await account();
    const phone = newPhone();
    const request = { accountId, kind: 'verification' as const, phones: [phone], now: at(0) };
    expect(refusals(await caps.peek(request))).toEqual(['ok']);
    expect(refusals(await caps.peek(request))).toEqual(['ok']);
    expect(refusals(await caps.reserve(request))).toEqual(['ok']);
    expect(refusals(await caps.peek(request))[0]).toContain('verification:1/minute');
    await caps.release(request);
    expect(refusals(await caps.reserve(request))).toEqual(['ok']);
  });

  it('per-account overrides: other caps, or none at all', async () => {
    const strict = await account();
    const open = await account();
    await settings.update(api.database.dataSource, strict, { caps: { notification: '2/hour' } });
    await settings.update(api.database.dataSource, open, { caps: { verification: '' } });
    const phone = newPhone();
    const notify = (offset: number) =>
      caps.reserve({ accountId: strict, kind: 'notification', phones: [phone], now: at(offset) });
    expect(refusals(await notify(0))).toEqual(['ok']);
    expect(refusals(await notify(1))).toEqual(['ok']);
    expect(refusals(await notify(2))).toEqual([`notification:2/hour@${at(HOUR).toISOString()}`]);
    for (let index = 0; index < 15; index += 1)
      expect(
        refusals(
          await caps.reserve({ accountId: open, kind: 'verification', phones: [phone], now: at(index) }),
        ),
      ).toEqual(['ok']);
    await settings.update(api.database.dataSource, open, { caps: { verification: null } });
    expect(
      refusals(
        await caps.reserve({ accountId: open, kind: 'verification', phones: [phone], now: at(HOUR * 48) }),
      ),
    ).toEqual(['ok']);
    expect(
      refusals(
        await caps.reserve({
          accountId: open,
          kind: 'verification',
          phones: [phone],
          now: at(HOUR * 48 + 1),
        }),
      )[0],
    ).toContain('verification:1/minute');
  });

  it('test numbers (the account’s and the platform’s) are never capped nor counted', async () => {
    const accountId = await account();
    const [own, platform, plain] = [newPhone(), newPhone(), newPhone()];
    await settings.addExempt(api.database.dataSource, accountId, own, 'QA');
    await settings.addExempt(api.database.dataSource, null, platform, 'platform QA');
    for (let index = 0; index < 12; index += 1) {
      const verdicts = await caps.reserve({
        accountId,
        kind: 'verification',
        phones: [own, platform, plain],
        now: at(index),
      });
      expect(refusals(verdicts).slice(0, 2)).toEqual(['ok', 'ok']);
      expect(verdicts[2]!.ok).toBe(index === 0);
    }
    await settings.removeExempt(api.database.dataSource, accountId, own);
    expect(
      refusals(await caps.reserve({ accountId, kind: 'verification', phones: [own], now: at(20) })),
    ).toEqual(['ok']);
    expect(
      refusals(await caps.reserve({ accountId, kind: 'verification', phones: [own], now: at(21) }))[0],
    ).toContain('1/minute');
  });

  it('racing clients on separate connections: exactly the cap is admitted', async () => {
    const accountId = await account();
    await settings.update(api.database.dataSource, accountId, { caps: { marketing: '7/day' } });
    const phones = Array.from({ length: 300 }, newPhone);
    const clients: Redis[] = Array.from({ length: 4 }, () =>
      createRedisClient({ redis: { url: process.env.REDIS_URL } }, api.redis.keyPrefix),
    );
    const racers = clients.map(
      (redis) => new RedisFrequencyCaps(redis, api.config, api.database.dataSource, settings),
    );
    try {
      // 4 clients × 5 rounds of the same 300 phones, all at once: each phone must be admitted exactly 7 times.
      const rounds = await Promise.all(
        racers.flatMap((racer, client) =>
          Array.from({ length: 5 }, (_, round) =>
            racer.reserve({ accountId, kind: 'marketing', phones, now: at(client * 10 + round) }),
          ),
        ),
      );
      const admitted = phones.map((_, index) => rounds.filter((verdicts) => verdicts[index]!.ok).length);
      expect(new Set(admitted)).toEqual(new Set([7]));
    } finally {
      await Promise.all(clients.map((redis) => redis.quit()));
    }
  });

  it('a 10,000-phone batch is checked in two script calls and answers per phone', async () => {
    const accountId = await account();
    const phones = Array.from(
      { length: 10_000 },
      (_, index) => `+8613${randomBytes(2).readUInt16BE() % 10}${String(index).padStart(8, '0')}`,
    );
    const first = await caps.reserve({ accountId, kind: 'verification', phones, now: at(0) });
    expect(first.every((verdict) => verdict.ok)).toBe(true);
    const second = await caps.reserve({ accountId, kind: 'verification', phones, now: at(1) });
    expect(second.filter((verdict) => !verdict.ok)).toHaveLength(10_000);
  });
});
