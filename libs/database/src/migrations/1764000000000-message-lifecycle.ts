import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One message lifecycle with an outbox, and a dispatch queue apart from the messages table.
 *
 * - `message_events` becomes the outbox: each event gets `outbox_tx`, and readers take events in `(outbox_tx, id)`
 *   order below the oldest running transaction (see libs/database/src/messages/outbox-reader.ts for why that order
 *   is complete and keeps each message's events in transition order). `messages.outbox_tx` remembers the position
 *   of a message's latest event.
 * - `dispatch_queue` holds one narrow row per message waiting for a channel: claim leases live there, so the wide
 *   `messages` rows are updated only when their status changes, and no index on `messages` mentions `status`
 *   (those updates can then be HOT: no index writes).
 * - `outbox_consumers` holds each downstream consumer's cursor and lease.
 */
export class MessageLifecycle1764000000000 implements MigrationInterface {
  name = 'MessageLifecycle1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const DISPATCH_QUEUE = `
CREATE TABLE dispatch_queue (
  message_id uuid PRIMARY KEY,
  message_created_at timestamptz NOT NULL,
  lane smallint NOT NULL,
  route text NOT NULL,
  due_at timestamptz NOT NULL,
  attempts smallint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 2000,
        autovacuum_vacuum_cost_delay = 0)`;

const OUTBOX_CONSUMERS = `
CREATE TABLE outbox_consumers (
  name text PRIMARY KEY,
  position_tx xid8 NOT NULL DEFAULT '0',
  position_id bigint NOT NULL DEFAULT 0,
  owner text,
  lease_expires_at timestamptz,
  events_total bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

/** New monthly partitions of `messages` leave room on each page for the status updates to stay HOT. */
const ENSURE_MONTHLY_PARTITIONS = `
CREATE OR REPLACE FUNCTION ensure_monthly_partitions(parent text, first_month timestamptz, months integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  month_start timestamp;
  partition_name text;
  created integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ensure_monthly_partitions:' || parent));
  FOR i IN 0 .. months - 1 LOOP
    month_start := date_trunc('month', first_month AT TIME ZONE 'UTC') + make_interval(months => i);
    partition_name := parent || '_' || to_char(month_start, 'YYYYMM');
    IF to_regclass(partition_name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)%s',
        partition_name, parent,
        to_char(month_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(month_start + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        CASE WHEN parent = 'messages' THEN ' WITH (fillfactor = 75)' ELSE '' END);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$fn$`;

/** Existing partitions of `messages` get the same page headroom (applies to pages written from now on). */
const SET_MESSAGES_FILLFACTOR = `
DO $do$
DECLARE part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'messages'::regclass LOOP
    EXECUTE format('ALTER TABLE %s SET (fillfactor = 75)', part);
  END LOOP;
END
$do$`;

const UP: readonly string[] = [
  `ALTER TABLE messages ADD COLUMN outbox_tx xid8 NOT NULL DEFAULT pg_current_xact_id()`,
  `ALTER TABLE message_events ADD COLUMN outbox_tx xid8 NOT NULL DEFAULT pg_current_xact_id()`,
  `CREATE INDEX message_events_outbox_idx ON message_events (outbox_tx, id)`,
  `CREATE INDEX message_events_account_outbox_idx ON message_events (account_id, outbox_tx, id)`,
  // Readers rely on ids drawn in order; a per-session cache would hand out ranges out of order.
  `ALTER SEQUENCE message_events_id_seq CACHE 1`,
  DISPATCH_QUEUE,
  `CREATE INDEX dispatch_queue_claim_idx ON dispatch_queue (lane, route, due_at)`,
  `INSERT INTO dispatch_queue (message_id, message_created_at, lane, route, due_at, attempts)
   SELECT id, created_at,
          CASE kind WHEN 'verification' THEN 0 WHEN 'notification' THEN 1 ELSE 2 END,
          CASE WHEN phone NOT LIKE '+86%' THEN 'INTL' ELSE coalesce(carrier, 'NONE') END,
          send_at, attempts
     FROM messages WHERE status IN ('QUEUED', 'SCHEDULED', 'SUBMITTING')`,
  `UPDATE messages SET status = 'QUEUED' WHERE status = 'SUBMITTING'`,
  `DROP INDEX messages_dispatch_idx`,
  `DROP INDEX messages_claim_idx`,
  `DROP INDEX messages_lease_idx`,
  `ALTER TABLE messages DROP COLUMN lease_owner, DROP COLUMN lease_expires_at`,
  ENSURE_MONTHLY_PARTITIONS,
  SET_MESSAGES_FILLFACTOR,
  OUTBOX_CONSUMERS,
  `ALTER TABLE unmatched_reports ADD COLUMN attempts integer NOT NULL DEFAULT 0,
                                 ADD COLUMN gave_up_at timestamptz`,
  `CREATE INDEX unmatched_reports_open_idx ON unmatched_reports (received_at) WHERE gave_up_at IS NULL`,
];

const DOWN: readonly string[] = [
  `DROP INDEX unmatched_reports_open_idx`,
  `ALTER TABLE unmatched_reports DROP COLUMN attempts, DROP COLUMN gave_up_at`,
  `DROP TABLE outbox_consumers`,
  `ALTER TABLE messages ADD COLUMN lease_owner text, ADD COLUMN lease_expires_at timestamptz`,
  `CREATE INDEX messages_lease_idx ON messages (lease_expires_at) WHERE status = 'SUBMITTING'`,
  `CREATE INDEX messages_claim_idx ON messages (kind, send_at) WHERE status IN ('QUEUED', 'SCHEDULED')`,
  `CREATE INDEX messages_dispatch_idx ON messages (send_at) WHERE status IN ('QUEUED', 'SCHEDULED')`,
  `DROP TABLE dispatch_queue`,
  `DROP INDEX message_events_account_outbox_idx`,
  `DROP INDEX message_events_outbox_idx`,
  `ALTER TABLE message_events DROP COLUMN outbox_tx`,
  `ALTER TABLE messages DROP COLUMN outbox_tx`,
];
