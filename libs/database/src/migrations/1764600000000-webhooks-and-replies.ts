import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7: webhooks, pull APIs and inbound replies.
 *
 * - `messages.source_extension`: the account's reply extension, appended to the channel's sender number at submit.
 * - `webhook_settings`: per account, the default report and reply URLs and the sealed signing secret.
 * - `webhook_endpoints` / `webhook_queues` / `webhook_events`: the delivery queue. An endpoint is one URL of one
 *   account for one kind of event, split into lanes (a message always maps to the same lane, so its events stay in
 *   order while lanes are delivered in parallel). A queue row is one lane: its lease, backoff and `version` (bumped
 *   whenever events are added, so a sender never parks a lane that just got new events). Delivered events are
 *   deleted; events past the retry window stay as dead letters (`dead_at`). Payloads are `json`, not `jsonb`: they
 *   are only ever sent on as they were written, so they keep their field order and skip a binary conversion.
 * - `replies`: inbound messages, ordered like the outbox by `(outbox_tx, id)` (see outbox-reader.ts).
 * - `reply_settings`: per account, the extension code, unsubscribe keywords and quick replies.
 * - `reply_routes`: the last message per channel and phone, for routing replies that carry no extension.
 */
export class WebhooksAndReplies1764600000000 implements MigrationInterface {
  name = 'WebhooksAndReplies1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const QUEUE_TABLE_OPTIONS = `WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_cost_delay = 0)`;

const WEBHOOK_SETTINGS = `
CREATE TABLE webhook_settings (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  reports_url text,
  replies_url text,
  report_statuses text[],
  include_descendants boolean NOT NULL DEFAULT false,
  signing_secret_sealed text,
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const WEBHOOK_ENDPOINTS = `
CREATE TABLE webhook_endpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('report', 'reply')),
  url text NOT NULL,
  lanes smallint NOT NULL CHECK (lanes BETWEEN 1 AND 64),
  last_success_at timestamptz,
  last_failure_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, kind, url)
)`;

const WEBHOOK_QUEUES = `
CREATE TABLE webhook_queues (
  endpoint_id bigint NOT NULL REFERENCES webhook_endpoints (id),
  lane smallint NOT NULL,
  due_at timestamptz,
  version bigint NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz,
  PRIMARY KEY (endpoint_id, lane)
) ${QUEUE_TABLE_OPTIONS}`;

const WEBHOOK_EVENTS = `
CREATE TABLE webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id bigint NOT NULL,
  lane smallint NOT NULL,
  account_id uuid NOT NULL,
  event_id text NOT NULL,
  payload json NOT NULL,
  occurred_at timestamptz NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  dead_at timestamptz
) ${QUEUE_TABLE_OPTIONS}`;

const REPLIES = `
CREATE TABLE replies (
  id bigint PRIMARY KEY DEFAULT nextval('replies_id_seq'),
  outbox_tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  received_at timestamptz NOT NULL,
  channel_id text NOT NULL,
  phone text NOT NULL,
  destination text NOT NULL,
  extension text,
  content text NOT NULL,
  complete boolean NOT NULL DEFAULT true,
  account_id uuid,
  routed_by text NOT NULL CHECK (routed_by IN ('extension', 'last_message', 'unmatched')),
  message_id uuid,
  message_created_at timestamptz,
  client_ref text,
  unsubscribe boolean NOT NULL DEFAULT false,
  action_keyword text,
  action_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((account_id IS NULL) = (routed_by = 'unmatched'))
)`;

const REPLY_SETTINGS = `
CREATE TABLE reply_settings (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  extension text UNIQUE CHECK (extension ~ '^[0-9]{1,8}$'),
  unsubscribe_keywords text[],
  quick_replies jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const REPLY_ROUTES = `
CREATE TABLE reply_routes (
  channel_id text NOT NULL,
  phone text NOT NULL,
  account_id uuid NOT NULL,
  message_id uuid NOT NULL,
  message_created_at timestamptz NOT NULL,
  client_ref text,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, phone)
) WITH (fillfactor = 80)`;

const UP: readonly string[] = [
  `ALTER TABLE messages ADD COLUMN source_extension text`,
  WEBHOOK_SETTINGS,
  WEBHOOK_ENDPOINTS,
  `CREATE INDEX webhook_endpoints_account_idx ON webhook_endpoints (account_id)`,
  WEBHOOK_QUEUES,
  `CREATE INDEX webhook_queues_due_idx ON webhook_queues (due_at) WHERE due_at IS NOT NULL`,
  WEBHOOK_EVENTS,
  `CREATE INDEX webhook_events_pending_idx ON webhook_events (endpoint_id, lane, id) WHERE dead_at IS NULL`,
  `CREATE INDEX webhook_events_dead_idx ON webhook_events (endpoint_id, id) WHERE dead_at IS NOT NULL`,
  // Readers rely on ids drawn in commit-compatible order; a per-session cache would hand out ranges out of order.
  `CREATE SEQUENCE replies_id_seq CACHE 1`,
  REPLIES,
  `ALTER SEQUENCE replies_id_seq OWNED BY replies.id`,
  `CREATE INDEX replies_outbox_idx ON replies (outbox_tx, id)`,
  `CREATE INDEX replies_account_outbox_idx ON replies (account_id, outbox_tx, id) WHERE account_id IS NOT NULL`,
  `CREATE INDEX replies_unmatched_idx ON replies (id) WHERE account_id IS NULL`,
  REPLY_SETTINGS,
  `CREATE SEQUENCE reply_extension_seq`,
  REPLY_ROUTES,
  `CREATE INDEX reply_routes_sent_idx ON reply_routes (sent_at)`,
];

const DOWN: readonly string[] = [
  `DROP TABLE reply_routes`,
  `DROP SEQUENCE reply_extension_seq`,
  `DROP TABLE reply_settings`,
  `DROP TABLE replies`,
  `DROP TABLE webhook_events`,
  `DROP TABLE webhook_queues`,
  `DROP TABLE webhook_endpoints`,
  `DROP TABLE webhook_settings`,
  `ALTER TABLE messages DROP COLUMN source_extension`,
];
