import { ClickClassifier } from './click-classifier';
import { ClickEnricher } from './click-enricher';
import { ClickIdMinter, decodeClickEvent, encodeClickEvent } from './click-event';
import { ClickRecord } from './click-record';
import { ClickStore, ClickWriter } from './click-writer';
import { IpGeoLookup } from './ip-geo';
import { MemoryClickLog } from './memory-click-log';
import { parseUserAgent } from './user-agent-details';

const event = {
  clickId: 'a.1',
  linkId: '7',
  accountId: '00000000-0000-4000-8000-000000000001',
  messageId: '01900000-0000-7000-8000-000000000001',
  recipientId: 'r-1',
  at: Date.UTC(2026, 0, 1, 12),
  method: 'GET',
  ip: '120.24.78.68',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
  referrer: null,
};

describe('click events', () => {
  it('round-trip through the log form', () => {
    expect(decodeClickEvent(encodeClickEvent(event))).toEqual(event);
  });

  it.each(['', 'nope', '[]', '{"a":1}', '[1,2,3,4,5,6,7,8,9,10]'])('rejects garbage %j', (payload) => {
    expect(decodeClickEvent(payload)).toBeNull();
  });

  it('mints unique ids', () => {
    const a = new ClickIdMinter();
    const b = new ClickIdMinter();
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      ids.add(a.next());
      ids.add(b.next());
    }
    expect(ids.size).toBe(2000);
  });
});

describe('enrichment', () => {
  const enricher = new ClickEnricher(new ClickClassifier(), new IpGeoLookup());

  it('truncates the address, finds region and device, and measures the delay since delivery', () => {
    const record = enricher.enrich(event, new Date(event.at - 300_000));
    expect(record).toMatchObject({
      ipPrefix: '120.24.78.0/24',
      country: '中国',
      province: '广东省',
      city: '深圳市',
      device: 'mobile',
      os: 'iOS 17.0',
      delayMs: 300_000,
      class: 'human',
    });
    expect(JSON.stringify(record)).not.toContain('120.24.78.68');
  });

  it('marks a data-centre fetch right after delivery as a scanner', () => {
    expect(enricher.enrich(event, new Date(event.at - 2_000))).toMatchObject({
      class: 'scanner',
      reason: 'datacenter_after_delivery:alibaba',
    });
  });

  it('parses desktop agents as desktop', () => {
    expect(
      parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36'),
    ).toMatchObject({
      device: 'desktop',
      os: 'Windows 10',
      browser: 'Chrome',
    });
    expect(parseUserAgent('')).toEqual({ device: 'unknown', os: null, browser: null });
  });
});

describe('ClickWriter over the in-memory log', () => {
  class FakeStore implements ClickStore {
    readonly stored = new Map<string, ClickRecord>();
    async deliveredAt(): Promise<Map<string, Date>> {
      return new Map();
    }
    readonly transactions: number[] = [];
    /** Fails the transaction with this index (0-based), once. */
    failTransaction = -1;
    async store(records: readonly ClickRecord[]): Promise<number> {
      if (this.transactions.length === this.failTransaction) {
        this.failTransaction = -1;
        this.transactions.push(-1);
        throw new Error('database down');
      }
      this.transactions.push(records.length);
      let inserted = 0;
      for (const record of records)
        if (!this.stored.has(record.clickId)) {
          this.stored.set(record.clickId, record);
          inserted += 1;
        }
      return inserted;
    }
  }

  const options = { batchSize: 50, blockMs: 0, claimIdleMs: 0, claimEveryMs: 0 };
  const enricher = new ClickEnricher(new ClickClassifier(), new IpGeoLookup());

  it('stores every click once, retries a failed batch, and takes over a dead consumer’s entries', async () => {
    const log = new MemoryClickLog();
    const store = new FakeStore();
    for (let i = 0; i < 120; i += 1)
      await log.append(encodeClickEvent({ ...event, clickId: `c.${i}` }), null);
    // A consumer that read a batch and died before acknowledging it.
    await log.read('dead', 50, 0);
    const writer = new ClickWriter(log, store, enricher, { consumer: 'live', ...options });
    store.failTransaction = 0;
    await expect(writer.pump(0)).rejects.toThrow('database down');
    while ((await writer.pump(0)) > 0);
    expect(store.stored.size).toBe(120);
    expect(await log.backlog()).toBe(0);
  });

  it('commits a large batch in chunks, acknowledges it only once all are in, and replays it without duplicates', async () => {
    const log = new MemoryClickLog();
    const store = new FakeStore();
    // 30 entries of 10 hits each (the hits of one event-loop turn share an entry): 300 clicks in one read.
    for (let entry = 0; entry < 30; entry += 1)
      await log.append(
        `[${Array.from({ length: 10 }, (_, hit) => encodeClickEvent({ ...event, clickId: `e.${entry}.${hit}` })).join(',')}]`,
        null,
      );
    const writer = new ClickWriter(log, store, enricher, {
      consumer: 'live',
      ...options,
      chunkSize: 45,
    });
    store.failTransaction = 3;
    await expect(writer.pump(0)).rejects.toThrow('database down');
    // Three chunks committed, none of the entries acknowledged: they all come back.
    expect(store.stored.size).toBe(150);
    expect(await log.backlog()).toBe(30);
    let batches = 0;
    const writerAgain = new ClickWriter(log, store, enricher, {
      consumer: 'live',
      ...options,
      chunkSize: 45,
      onBatch: ({ entries, inserted }) => {
        batches += 1;
        expect({ entries, inserted }).toEqual({ entries: 30, inserted: 150 });
      },
    });
    while ((await writerAgain.pump(0)) > 0);
    expect(batches).toBe(1);
    expect(store.stored.size).toBe(300);
    expect(await log.backlog()).toBe(0);
    // Whole entries per chunk: 50 clicks (five entries) once 45 are reached, the rest in the last chunk.
    expect(store.transactions.filter((size) => size > 0).every((size) => size <= 50)).toBe(true);
    expect(store.transactions).toEqual([50, 50, 50, -1, 50, 50, 50, 50, 50, 50]);
  });

  it('enforces a click cap atomically', async () => {
    const log = new MemoryClickLog();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => log.append('x', { key: 'cap:1', limit: 5 })),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
  });
});
