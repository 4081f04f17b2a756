import { randomUUID } from 'node:crypto';
import {
  ClickClassifier,
  ClickEnricher,
  ClickRecord,
  ClickStore,
  ClickWriter,
  encodeClickEvent,
  IpGeoLookup,
  RedisClickLog,
} from '@tongdao/short-links';
import { createTestRedis, TestRedis } from '@tongdao/testing';

jest.setTimeout(60_000);

/** A store that keeps click ids and counts how often each was offered (replays) and stored. */
class CountingStore implements ClickStore {
  readonly stored = new Map<string, number>();
  async deliveredAt(): Promise<Map<string, Date>> {
    return new Map();
  }
  async store(records: readonly ClickRecord[]): Promise<number> {
    let inserted = 0;
    for (const record of records) {
      if (!this.stored.has(record.clickId)) inserted += 1;
      this.stored.set(record.clickId, (this.stored.get(record.clickId) ?? 0) + 1);
    }
    return inserted;
  }
}

describe('click log on a real Redis Stream', () => {
  let redis: TestRedis;
  const event = (clickId: string) =>
    encodeClickEvent({
      clickId,
      linkId: '1',
      accountId: randomUUID(),
      messageId: null,
      recipientId: null,
      at: Date.now(),
      method: 'GET',
      ip: '223.104.3.4',
      userAgent: 'Mozilla/5.0 (iPhone) Mobile Safari',
      referrer: null,
    });

  beforeAll(async () => {
    redis = await createTestRedis();
  });

  afterAll(async () => {
    await redis?.close();
  });

  it('groups the appends of one event-loop turn into one entry', async () => {
    const log = new RedisClickLog(redis.redis, 'group-test');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.append(event(`g.${i}`), null)),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(await redis.redis.xlen('group-test')).toBeLessThan(10);
    await log.prepare();
    const entries = await log.read('reader', 100, 0);
    const text = entries.map((entry) => entry.payload).join('');
    for (let i = 0; i < 200; i += 1) expect(text).toContain(`"g.${i}"`);
    await log.close();
  });

  it('lets several writers drain one stream at once, each click stored once', async () => {
    const log = new RedisClickLog(redis.redis, 'shared-test');
    await log.prepare();
    const appended = 5000;
    // 100 per event-loop turn: 50 entries of 100 clicks.
    for (let start = 0; start < appended; start += 100)
      await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(event(`s.${start + i}`), null)));
    expect(await log.backlog()).toBe(50);
    const store = new CountingStore();
    const enricher = new ClickEnricher(new ClickClassifier(), new IpGeoLookup());
    const writers = ['w1', 'w2', 'w3'].map(
      (consumer) =>
        new ClickWriter(new RedisClickLog(redis.redis, 'shared-test'), store, enricher, {
          consumer,
          batchSize: 4,
          blockMs: 50,
          claimIdleMs: 60_000,
          claimEveryMs: 60_000,
        }),
    );
    const handled = await Promise.all(
      writers.map(async (writer) => {
        let total = 0;
        for (let round = 0; round < 200; round += 1) {
          const count = await writer.pump(10);
          total += count;
          if (count === 0 && (await log.backlog()) === 0) break;
        }
        return total;
      }),
    );
    expect(store.stored.size).toBe(appended);
    expect([...store.stored.values()].every((offered) => offered === 1)).toBe(true);
    expect(handled.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(await log.backlog()).toBe(0);
  });

  it('enforces a cap exactly across two connections (two redirectors)', async () => {
    const a = new RedisClickLog(redis.redis, 'cap-test');
    const other = redis.redis.duplicate();
    const b = new RedisClickLog(other, 'cap-test');
    const cap = { key: 'cap-test:counter', limit: 25 };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).append(event(`c.${i}`), cap)),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await redis.redis.xlen('cap-test')).toBe(25);
    other.disconnect();
  });
});
