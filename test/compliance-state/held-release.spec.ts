import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@tongdao/config';
import { MetricsService } from '@tongdao/platform';
import { createTestDatabase, TestDatabase } from '@tongdao/testing';
import { HeldMessageReleaser } from '../../apps/worker/src/compliance/held-message-releaser.service';

/** 9a's table (libs/compliance/src/ports.ts); created here when 9a's migration is not merged in. */
const HELD_MESSAGES_DDL = `CREATE TABLE IF NOT EXISTS held_messages (
  message_id uuid PRIMARY KEY, account_id uuid NOT NULL, created_at timestamptz NOT NULL,
  reason text NOT NULL CHECK (reason IN ('quiet_hours', 'review')), detail text, release_at timestamptz)`;

describe('releasing HELD messages when quiet hours end (spread, several releasers)', () => {
  let database: TestDatabase;
  let phone = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    await database.dataSource.query(HELD_MESSAGES_DDL);
  });

  afterAll(async () => {
    await database?.drop();
  });

  function releaser(env: Record<string, string>): HeldMessageReleaser {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, ...env });
    return new HeldMessageReleaser(database.dataSource, config, new MetricsService());
  }

  /** HELD marketing messages with their held_messages rows, as 9a's acceptance writes them. */
  async function seedHeld(
    accountId: string,
    count: number,
    releaseAt: Date | null,
    reason: 'quiet_hours' | 'review' = 'quiet_hours',
  ): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await database.dataSource.query(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, phone text)),
       inserted AS (
         INSERT INTO messages (id, created_at, account_id, phone, content, signature, kind, encoding, segments, status,
                               carrier, send_at, updated_at)
         SELECT r.id, now(), $2, r.phone, '【Tongdao】会员日8折，回TD退订', 'Tongdao', 'marketing', 'UCS2', 1, 'HELD',
                'CMCC', now(), now()
           FROM r
         RETURNING id, created_at
       ),
       events AS (
         INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status)
         SELECT id, created_at, created_at, $2, 'HELD' FROM inserted
       )
       INSERT INTO held_messages (message_id, account_id, created_at, reason, release_at)
       SELECT id, $2, created_at, $4, $3 FROM inserted`,
      [
        JSON.stringify(ids.map((id) => ({ id, phone: `+86138${String(++phone).padStart(8, '0')}` }))),
        accountId,
        releaseAt,
        reason,
      ],
    );
    return ids;
  }

  const statuses = async (ids: readonly string[]) =>
    new Map(
      (
        (await database.dataSource.query(`SELECT id, status FROM messages WHERE id = ANY($1::uuid[])`, [
          ids,
        ])) as Array<{ id: string; status: string }>
      ).map((row) => [row.id, row.status]),
    );
  const queued = async (ids: readonly string[]) =>
    (
      (await database.dataSource.query(
        `SELECT message_id, due_at, lane, route FROM dispatch_queue WHERE message_id = ANY($1::uuid[]) ORDER BY due_at`,
        [ids],
      )) as Array<{ message_id: string; due_at: Date; lane: number; route: string }>
    ).map((row) => ({ ...row, due_at: new Date(row.due_at) }));

  it('moves only due quiet-hours messages HELD → QUEUED, with their event and a dispatch-queue row', async () => {
    const accountId = randomUUID();
    const past = new Date(Date.now() - 60_000);
    const due = await seedHeld(accountId, 5, past);
    const later = await seedHeld(accountId, 3, new Date(Date.now() + 3_600_000));
    const review = await seedHeld(accountId, 2, null, 'review');
    const round = await releaser({}).releaseOnce();
    expect(round).toEqual({ due: 5, released: 5, deferred: 0 });
    const after = await statuses([...due, ...later, ...review]);
    expect(due.map((id) => after.get(id))).toEqual(Array(5).fill('QUEUED'));
    expect([...later, ...review].map((id) => after.get(id))).toEqual(Array(5).fill('HELD'));
    const rows = await queued([...due, ...later, ...review]);
    expect(rows.map((row) => row.message_id).sort()).toEqual([...due].sort());
    expect(rows.every((row) => row.lane === 2)).toBe(true);
    const events = (await database.dataSource.query(
      `SELECT status, detail FROM message_events WHERE message_id = $1 ORDER BY id`,
      [due[0]],
    )) as Array<{ status: string; detail: Record<string, unknown> | null }>;
    expect(events).toEqual([
      { status: 'HELD', detail: null },
      { status: 'QUEUED', detail: { released: 'quiet_hours_over', release_at: past.toISOString() } },
    ]);
    const left = (await database.dataSource.query(
      `SELECT message_id FROM held_messages WHERE message_id = ANY($1::uuid[])`,
      [[...due, ...later, ...review]],
    )) as Array<{ message_id: string }>;
    expect(left).toHaveLength(5);
    expect((await releaser({}).releaseOnce()).released).toBe(0);
  });

  it('spreads an account’s release at its rate up to the horizon, then goes on in later rounds', async () => {
    const accountId = randomUUID();
    const ids = await seedHeld(accountId, 100, new Date(Date.now() - 1000));
    const paced = releaser({
      COMPLIANCE_RELEASE_RATE_PER_ACCOUNT: '10',
      COMPLIANCE_RELEASE_RATE_TOTAL: '100000',
      COMPLIANCE_RELEASE_HORIZON_SECONDS: '5',
    });
    const now = new Date();
    const first = await paced.releaseOnce(now);
    expect(first).toEqual({ due: 100, released: 51, deferred: 49 });
    const rows = await queued(ids);
    const gaps = rows.slice(1).map((row, index) => row.due_at.getTime() - rows[index]!.due_at.getTime());
    expect(new Set(gaps)).toEqual(new Set([100]));
    expect(rows[0]!.due_at.getTime()).toBeGreaterThanOrEqual(now.getTime() - 1);
    expect(rows[50]!.due_at.getTime() - rows[0]!.due_at.getTime()).toBe(5_000);
    // The pace is full up to the horizon: nothing more now; five seconds on, the rest.
    expect((await paced.releaseOnce(now)).released).toBe(0);
    const later = await paced.releaseOnce(new Date(now.getTime() + 5_000));
    expect(later.released).toBe(49);
    const all = await queued(ids);
    expect(all).toHaveLength(100);
    expect(all[51]!.due_at.getTime() - all[50]!.due_at.getTime()).toBe(100);
    expect([...(await statuses(ids)).values()].every((status) => status === 'QUEUED')).toBe(true);
  });

  it('the platform-wide rate spaces all accounts together', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const ids = [
      ...(await seedHeld(a, 10, new Date(Date.now() - 1000))),
      ...(await seedHeld(b, 10, new Date(Date.now() - 1000))),
    ];
    const round = await releaser({
      COMPLIANCE_RELEASE_RATE_PER_ACCOUNT: '1000',
      COMPLIANCE_RELEASE_RATE_TOTAL: '20',
      COMPLIANCE_RELEASE_HORIZON_SECONDS: '60',
    }).releaseOnce();
    expect(round.released).toBe(20);
    const times = (await queued(ids)).map((row) => row.due_at.getTime());
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    expect(Math.min(...gaps)).toBe(50);
  });

  it('drops rows of messages no longer HELD without queueing them again', async () => {
    const accountId = randomUUID();
    const [id] = await seedHeld(accountId, 1, new Date(Date.now() - 1000));
    await database.dataSource.query(`UPDATE messages SET status = 'FAILED' WHERE id = $1`, [id]);
    const round = await releaser({}).releaseOnce();
    expect(round.released).toBe(0);
    expect(await queued([id!])).toEqual([]);
    expect(
      await database.dataSource.query(`SELECT 1 FROM held_messages WHERE message_id = $1`, [id]),
    ).toEqual([]);
  });

  it('two releasers at once release every due message exactly once, keeping each account’s spacing', async () => {
    const accounts = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const ids = (
      await Promise.all(accounts.map((accountId) => seedHeld(accountId, 500, new Date(Date.now() - 1000))))
    ).flat();
    const env = {
      COMPLIANCE_RELEASE_RATE_PER_ACCOUNT: '1000',
      COMPLIANCE_RELEASE_RATE_TOTAL: '100000',
      COMPLIANCE_RELEASE_HORIZON_SECONDS: '3600',
      COMPLIANCE_RELEASE_BATCH: '150',
    };
    const drain = async (instance: HeldMessageReleaser) => {
      let released = 0;
      for (;;) {
        const round = await instance.releaseOnce();
        released += round.released;
        if (round.due === 0) return released;
      }
    };
    const [first, second] = await Promise.all([drain(releaser(env)), drain(releaser(env))]);
    expect(first + second).toBe(2000);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    const events = (await database.dataSource.query(
      `SELECT message_id, count(*)::int AS n FROM message_events
        WHERE message_id = ANY($1::uuid[]) AND status = 'QUEUED' GROUP BY message_id`,
      [ids],
    )) as Array<{ message_id: string; n: number }>;
    expect(events).toHaveLength(2000);
    expect(events.every((row) => row.n === 1)).toBe(true);
    const perAccount = (await database.dataSource.query(
      `SELECT m.account_id, q.due_at FROM dispatch_queue q JOIN messages m ON m.id = q.message_id
        WHERE q.message_id = ANY($1::uuid[]) ORDER BY m.account_id, q.due_at`,
      [ids],
    )) as Array<{ account_id: string; due_at: Date }>;
    expect(perAccount).toHaveLength(2000);
    for (const accountId of accounts) {
      const times = perAccount
        .filter((row) => row.account_id === accountId)
        .map((row) => new Date(row.due_at).getTime());
      const gaps = times.slice(1).map((at, index) => at - times[index]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1);
    }
  });
});
