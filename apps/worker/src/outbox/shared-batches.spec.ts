import { comparePositions, OutboxPosition, OUTBOX_START, RowQueryRunner } from '@tongdao/database';
import { NextBatch, SharedBatches } from './shared-batches';

interface Entry {
  position: OutboxPosition;
  seq: number;
}

const runner: RowQueryRunner = { query: () => Promise.reject(new Error('the fake outbox reads no SQL')) };

/** An outbox in memory: entries become visible in position order, as below the read horizon of the real one. */
class FakeOutbox {
  readonly entries: Entry[] = [];
  reads = 0;
  failNext = false;
  /** While set, reads wait for it: lets a test hold a read in flight. */
  gate: Promise<void> | null = null;

  append(count: number): void {
    for (let index = 0; index < count; index += 1) {
      const seq = this.entries.length + 1;
      // Several entries share a transaction id now and then, as events written by one transaction do.
      this.entries.push({ position: { tx: String(100 + Math.floor(seq / 3)), id: String(seq) }, seq });
    }
  }

  readonly read = async (_runner: RowQueryRunner, after: OutboxPosition, limit: number): Promise<Entry[]> => {
    this.reads += 1;
    if (this.gate) await this.gate;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('read failed');
    }
    return this.entries
      .filter((entry) => comparePositions(entry.position, after) > 0)
      .slice(0, limit)
      .map((entry) => ({ ...entry }));
  };

  after(position: OutboxPosition): number[] {
    return this.entries.filter((entry) => comparePositions(entry.position, position) > 0).map((e) => e.seq);
  }
}

/** A consumer's cursor: it moves past what it takes, unless its transaction fails. */
class Cursor {
  readonly seen: number[] = [];
  constructor(
    public position: OutboxPosition,
    readonly limit: number,
  ) {}

  async step(shared: SharedBatches<Entry>, commit = true): Promise<NextBatch<Entry>> {
    const next = await shared.next(runner, this.position, this.limit);
    if (commit && next.events.length > 0) {
      this.seen.push(...next.events.map((entry) => entry.seq));
      this.position = next.events[next.events.length - 1]!.position;
    }
    return next;
  }
}

/** A small deterministic generator, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('SharedBatches', () => {
  it('reads once for consumers at the same position', async () => {
    const outbox = new FakeOutbox();
    outbox.append(30);
    const shared = new SharedBatches(outbox.read, 100);
    const cursors = [
      new Cursor(OUTBOX_START, 100),
      new Cursor(OUTBOX_START, 100),
      new Cursor(OUTBOX_START, 10),
    ];
    const sources = [];
    for (const cursor of cursors) sources.push((await cursor.step(shared)).source);
    expect(sources).toEqual(['database', 'shared', 'shared']);
    expect(outbox.reads).toBe(1);
    expect(cursors[0]!.seen).toEqual(outbox.after(OUTBOX_START));
    expect(cursors[2]!.seen).toEqual(outbox.after(OUTBOX_START).slice(0, 10));
  });

  it('shares a read still in flight with a consumer that arrives at the same position', async () => {
    const outbox = new FakeOutbox();
    outbox.append(5);
    let open!: () => void;
    outbox.gate = new Promise((resolve) => (open = resolve));
    const shared = new SharedBatches(outbox.read, 100);
    const [a, b] = [new Cursor(OUTBOX_START, 100), new Cursor(OUTBOX_START, 100)];
    const both = Promise.all([a.step(shared), b.step(shared)]);
    open();
    const [first, second] = await both;
    expect([first.source, second.source]).toEqual(['database', 'shared']);
    expect(outbox.reads).toBe(1);
    expect(b.seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads for a consumer whose shared read failed', async () => {
    const outbox = new FakeOutbox();
    outbox.append(5);
    let open!: () => void;
    outbox.gate = new Promise((resolve) => (open = resolve));
    outbox.failNext = true;
    const shared = new SharedBatches(outbox.read, 100);
    const [a, b] = [new Cursor(OUTBOX_START, 100), new Cursor(OUTBOX_START, 100)];
    const failing = a.step(shared);
    const waiting = b.step(shared);
    outbox.gate = null;
    open();
    await expect(failing).rejects.toThrow('read failed');
    await expect(waiting).resolves.toMatchObject({ source: 'database' });
    expect(b.seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('says a batch ends at the end of the outbox only when its read came back short', async () => {
    const outbox = new FakeOutbox();
    outbox.append(25);
    const shared = new SharedBatches(outbox.read, 20);
    const small = new Cursor(OUTBOX_START, 8);
    // The read holds 20 of 25 events: its tail is short of the limit, yet more events wait behind it.
    const steps = [await small.step(shared), await small.step(shared), await small.step(shared)];
    expect(steps.map((step) => [step.events.length, step.atEnd])).toEqual([
      [8, false],
      [8, false],
      [4, false],
    ]);
    const last = await small.step(shared);
    expect([last.events.length, last.atEnd, last.source]).toEqual([5, true, 'database']);
    expect(await small.step(shared)).toMatchObject({ events: [], atEnd: true });
    expect(small.seen).toEqual(outbox.after(OUTBOX_START));
  });

  it('lets a consumer that fell behind read on its own while the others share, until it catches up', async () => {
    const outbox = new FakeOutbox();
    const shared = new SharedBatches(outbox.read, 10);
    const [lead, follower, late] = [
      new Cursor(OUTBOX_START, 10),
      new Cursor(OUTBOX_START, 10),
      new Cursor(OUTBOX_START, 10),
    ];
    // The late consumer is backing off while the other two go through 50 events.
    for (let round = 0; round < 5; round += 1) {
      outbox.append(10);
      await lead.step(shared);
      await follower.step(shared);
    }
    // Then five events arrive per round, while it takes ten.
    const followerSources = new Set<string>();
    const lateSources: string[] = [];
    for (let round = 0; round < 12; round += 1) {
      outbox.append(5);
      await lead.step(shared);
      followerSources.add((await follower.step(shared)).source);
      lateSources.push((await late.step(shared)).source);
    }
    expect([...followerSources]).toEqual(['shared']);
    expect(lateSources.slice(0, 3)).toEqual(['database', 'database', 'database']);
    expect(lateSources.slice(-2)).toEqual(['shared', 'shared']);
    expect(late.position).toEqual(lead.position);
    expect(late.seen).toEqual(outbox.after(OUTBOX_START));
    expect(follower.seen).toEqual(late.seen);
  });

  it('hands out events frozen, since every consumer gets the same objects', async () => {
    const outbox = new FakeOutbox();
    outbox.append(2);
    const shared = new SharedBatches(outbox.read, 10);
    const { events } = await shared.next(runner, OUTBOX_START, 10);
    expect(() => {
      (events[0] as { seq: number }).seq = 99;
    }).toThrow(TypeError);
  });

  it.each([1, 2, 3, 4, 5])(
    'gives consumers at different positions, with different batch sizes and failures, every event once and in order (seed %i)',
    async (seed) => {
      const next = random(seed);
      const outbox = new FakeOutbox();
      outbox.append(40);
      const shared = new SharedBatches(outbox.read, 25, 3);
      // One starts at the beginning, one in the middle, one at the end; batch sizes differ.
      const starts = [OUTBOX_START, outbox.entries[17]!.position, outbox.entries[39]!.position];
      const cursors = [
        new Cursor(starts[0]!, 25),
        new Cursor(starts[1]!, 7),
        new Cursor(starts[2]!, 10),
        new Cursor(starts[0]!, 3),
      ];
      const expected = cursors.map((cursor) => cursor.position);
      for (let step = 0; step < 600; step += 1) {
        if (next() < 0.2) outbox.append(1 + Math.floor(next() * 12));
        const batch = cursors.filter(() => next() < 0.5);
        // Some steps run concurrently, and a transaction fails now and then (its cursor does not move).
        await Promise.all(batch.map((cursor) => cursor.step(shared, next() > 0.1)));
      }
      // A kept batch may end before what was appended since it was read; a step with nothing is the real end.
      for (const cursor of cursors) while ((await cursor.step(shared)).events.length > 0);
      cursors.forEach((cursor, index) => expect(cursor.seen).toEqual(outbox.after(expected[index]!)));
      // Sharing did happen: far fewer reads than consumer steps.
      expect(outbox.reads).toBeLessThan(600);
    },
  );
});
