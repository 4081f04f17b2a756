import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { laneOf } from '@tongdao/lifecycle';
import { dispatchRouteOf } from '@tongdao/routing';

export interface QueuedMessageSeed {
  phone: string;
  content: string;
  kind?: 'verification' | 'notification' | 'marketing';
  carrier?: 'CMCC' | 'CUCC' | 'CTCC' | 'CBN' | null;
  segments?: number;
}

/**
 * Puts messages straight into the dispatch queue with their first event, as the API would after accepting them, for tests
 * of the dispatcher that should not depend on the HTTP layer.
 */
export async function seedQueuedMessages(
  dataSource: DataSource,
  seeds: QueuedMessageSeed[],
): Promise<string[]> {
  const accountId = randomUUID();
  const ids = seeds.map(() => randomUUID());
  await dataSource.query(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(id uuid, phone text, content text, kind text, segments smallint, carrier text, lane smallint, route text)
     ),
     inserted AS (
       INSERT INTO messages (id, created_at, account_id, phone, content, signature, kind, encoding, segments, status,
                             carrier, send_at, queued_at, updated_at)
       SELECT r.id, now(), $2, r.phone, r.content, 'Tongdao', r.kind, 'UCS2', r.segments, 'QUEUED', r.carrier, now(), now(), now()
         FROM r
       RETURNING id, created_at
     ),
     events AS (
       INSERT INTO message_events (message_id, occurred_at, message_created_at, account_id, status)
       SELECT id, created_at, created_at, $2, 'QUEUED' FROM inserted
     )
     INSERT INTO dispatch_queue (message_id, message_created_at, lane, route, due_at)
     SELECT inserted.id, inserted.created_at, r.lane, r.route, inserted.created_at FROM inserted JOIN r USING (id)`,
    [
      JSON.stringify(
        seeds.map((seed, index) => ({
          id: ids[index],
          phone: seed.phone,
          content: seed.content,
          kind: seed.kind ?? 'notification',
          segments: seed.segments ?? 1,
          carrier: seed.carrier === undefined ? 'CMCC' : seed.carrier,
          lane: laneOf(seed.kind ?? 'notification'),
          route: dispatchRouteOf(seed.phone, seed.carrier === undefined ? 'CMCC' : seed.carrier),
        })),
      ),
      accountId,
    ],
  );
  return ids;
}

export async function messageStatuses(dataSource: DataSource, ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; status: string }> = await dataSource.query(
    `SELECT id, status FROM messages WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * Polls until `done` holds or the deadline passes; returns the last value either way. The default deadline is
 * generous: a condition met in milliseconds on a quiet machine may take many seconds under load.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}
