import { preparedStatement, runPrepared } from '../prepared-statement';
import { queryRows, RowQueryRunner } from '../query-rows';

/** A message waiting for a channel. `lane` 0 is served first (see laneOf in @tongdao/lifecycle). */
export interface QueueEntry {
  messageId: string;
  /** The message's partition key (exact text form, or a Date for rows inserted by the API). */
  messageCreatedAt: string | Date;
  lane: number;
  route: string;
  dueAt: Date;
}

/** How many messages of one lane and route a claim may take. */
export interface ClaimSlice {
  lane: number;
  route: string;
  limit: number;
}

export interface ClaimedRow {
  id: string;
  /** Exact text form of the partition key. */
  createdAt: string;
  accountId: string;
  phone: string;
  content: string;
  kind: string;
  carrier: string | null;
  province: string | null;
  segments: number;
  status: string;
  /** Attempts including this one. */
  attempts: number;
  lane: number;
  route: string;
  /** Set when the row was leased before and that lease expired: its dispatcher died mid-submit. */
  previousOwner: string | null;
  /** The account's reply extension, appended to the channel's sender number. */
  sourceExtension: string | null;
}

export interface QueueRelease {
  id: string;
  delayMs: number;
  /** false when the message never reached a channel: the attempt is handed back. */
  counted: boolean;
}

export interface QueueDepth {
  lane: number;
  route: string;
  due: number;
  leased: number;
  oldestDueAt: Date | null;
}

/*
 * Each slice takes the oldest due, unleased rows of its lane and route, skipping rows another dispatcher is
 * claiming right now. An expired lease (its dispatcher died) makes a row claimable again.
 */
const CLAIM = preparedStatement(
  'claim_queue',
  `
WITH want AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(lane smallint, route text, n integer)
),
picked AS (
  SELECT p.message_id, p.lease_owner AS previous_owner
    FROM want CROSS JOIN LATERAL (
      SELECT q.message_id, q.lease_owner FROM dispatch_queue q
       WHERE q.lane = want.lane AND q.route = want.route AND q.due_at <= now()
         AND (q.lease_expires_at IS NULL OR q.lease_expires_at < now())
       ORDER BY q.due_at
       LIMIT want.n
       FOR UPDATE SKIP LOCKED
    ) p
),
leased AS (
  UPDATE dispatch_queue q
     SET lease_owner = $2, lease_expires_at = now() + make_interval(secs => $3), attempts = q.attempts + 1
    FROM picked
   WHERE q.message_id = picked.message_id
  RETURNING q.message_id, q.message_created_at, q.attempts, q.lane, q.route, q.due_at, picked.previous_owner
)
SELECT m.id, m.created_at::text AS created_at, m.account_id, m.phone, m.content, m.kind, m.carrier, m.province,
       m.segments, m.status, leased.attempts, leased.lane, leased.route, leased.previous_owner, m.source_extension
  FROM leased JOIN messages m ON m.id = leased.message_id AND m.created_at = leased.message_created_at
 ORDER BY leased.lane, leased.due_at`,
);

const RENEW = preparedStatement(
  'renew_leases',
  `UPDATE dispatch_queue SET lease_expires_at = now() + make_interval(secs => $3)
    WHERE message_id = ANY($1::uuid[]) AND lease_owner = $2
   RETURNING 1`,
);

/**
 * The queue's side of recording dispatch outcomes, as WITH-queries for the statement that records them (so the
 * outcome, its event and the queue change commit together): the rows of messages that left the queue (submitted or
 * failed) go, and retried messages are due again after their delay with the lease given up. Parameters are named by
 * the caller: `removed` a uuid[], `releases` the JSON of queueReleasesParameter, `owner` the lease holder.
 */
export function queueOutcomeQueries(removed: string, releases: string, owner: string): string {
  return `left_queue AS (DELETE FROM dispatch_queue WHERE message_id = ANY(${removed}::uuid[])),
released AS (
  UPDATE dispatch_queue q
     SET due_at = now() + make_interval(secs => rel.delay_ms / 1000.0), lease_owner = NULL, lease_expires_at = NULL,
         attempts = CASE WHEN rel.counted THEN q.attempts ELSE greatest(q.attempts - 1, 0) END
    FROM jsonb_to_recordset(${releases}::jsonb) AS rel(id uuid, delay_ms integer, counted boolean)
   WHERE q.message_id = rel.id AND q.lease_owner = ${owner}
)`;
}

/** Retries for queueOutcomeQueries: back in line after `delayMs`, lease dropped (only the lease holder's rows). */
export function queueReleasesParameter(releases: readonly QueueRelease[]): string {
  return JSON.stringify(
    releases.map((release) => ({ id: release.id, delay_ms: release.delayMs, counted: release.counted })),
  );
}

/**
 * The dispatch queue: one narrow row per message that waits for a channel, with the claim lease. Rows go in with
 * the message (API) or when a held message is released, and leave in the statement that records the outcome
 * (queueOutcomeQueries).
 */
export class DispatchQueue {
  async enqueue(runner: RowQueryRunner, entries: readonly QueueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await runner.query(
      `INSERT INTO dispatch_queue (message_id, message_created_at, lane, route, due_at)
       SELECT r.id, r.created_at, r.lane, r.route, r.due_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, created_at timestamptz, lane smallint, route text, due_at timestamptz)
       ON CONFLICT (message_id) DO NOTHING`,
      [
        JSON.stringify(
          entries.map((entry) => ({
            id: entry.messageId,
            created_at: entry.messageCreatedAt,
            lane: entry.lane,
            route: entry.route,
            due_at: entry.dueAt,
          })),
        ),
      ],
    );
  }

  async claim(
    runner: RowQueryRunner,
    slices: readonly ClaimSlice[],
    owner: string,
    leaseSeconds: number,
  ): Promise<ClaimedRow[]> {
    const wanted = slices.filter((slice) => slice.limit > 0);
    if (wanted.length === 0) return [];
    const rows = await runPrepared<{
      id: string;
      created_at: string;
      account_id: string;
      phone: string;
      content: string;
      kind: string;
      carrier: string | null;
      province: string | null;
      segments: number;
      status: string;
      attempts: number;
      lane: number;
      route: string;
      previous_owner: string | null;
      source_extension: string | null;
    }>(runner, CLAIM, [
      JSON.stringify(wanted.map((slice) => ({ lane: slice.lane, route: slice.route, n: slice.limit }))),
      owner,
      leaseSeconds,
    ]);
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      accountId: row.account_id,
      phone: row.phone,
      content: row.content,
      kind: row.kind,
      carrier: row.carrier,
      province: row.province,
      segments: Number(row.segments),
      status: row.status,
      attempts: Number(row.attempts),
      lane: Number(row.lane),
      route: row.route,
      previousOwner: row.previous_owner,
      sourceExtension: row.source_extension,
    }));
  }

  /** Extends the leases this owner still holds, so a live dispatcher never loses a message it is working on. */
  async renew(
    runner: RowQueryRunner,
    messageIds: readonly string[],
    owner: string,
    leaseSeconds: number,
  ): Promise<number> {
    if (messageIds.length === 0) return 0;
    const rows = await runPrepared<unknown>(runner, RENEW, [messageIds, owner, leaseSeconds]);
    return rows.length;
  }

  /** Due and leased counts per lane and route, and how long the oldest due message has waited. */
  async depth(runner: RowQueryRunner): Promise<QueueDepth[]> {
    const rows = await queryRows<{
      lane: number;
      route: string;
      due: string;
      leased: string;
      oldest: Date | null;
    }>(
      runner,
      `SELECT lane, route,
              count(*) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at < now()) AS due,
              count(*) FILTER (WHERE lease_expires_at >= now()) AS leased,
              min(due_at) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at < now()) AS oldest
         FROM dispatch_queue WHERE due_at <= now() GROUP BY lane, route`,
    );
    return rows.map((row) => ({
      lane: Number(row.lane),
      route: row.route,
      due: Number(row.due),
      leased: Number(row.leased),
      oldestDueAt: row.oldest,
    }));
  }
}
