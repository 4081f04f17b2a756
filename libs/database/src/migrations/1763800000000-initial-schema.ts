import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Hand-written rather than generated because TypeORM cannot express declarative
 * partitioning; kept PostgreSQL-15 and PGlite compatible (no extensions).
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP_STATEMENTS) {
      await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN_STATEMENTS) {
      await runner.query(statement);
    }
  }
}

const ACCOUNTS = `
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  parent_id uuid REFERENCES accounts (id),
  path text NOT NULL,
  depth integer NOT NULL CHECK (depth >= 0),
  kind text NOT NULL CHECK (kind IN ('operator', 'reseller', 'customer')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  allow_free_text boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (kind = 'operator'))
)`;

const API_KEYS = `
CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  secret_hash bytea NOT NULL,
  scopes text[] NOT NULL,
  signing_secret_encrypted text NOT NULL,
  require_signature boolean NOT NULL DEFAULT false,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

const SIGNATURES = `
CREATE TABLE signatures (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  text text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewer_account_id uuid REFERENCES accounts (id),
  reason text,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const TEMPLATES = `
CREATE TABLE templates (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('verification', 'notification', 'marketing')),
  body text NOT NULL,
  variables text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  reviewer_account_id uuid REFERENCES accounts (id),
  reason text,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

/*
 * No foreign keys on the partitioned tables: a per-row RI check would dominate batch ingest, accounts are never
 * deleted (only suspended), and every write goes through repositories that take the account id from the caller.
 */
const MESSAGES = `
CREATE TABLE messages (
  id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  account_id uuid NOT NULL,
  batch_id uuid,
  phone text NOT NULL,
  content text NOT NULL,
  signature text NOT NULL,
  template_id uuid,
  template_params jsonb,
  kind text NOT NULL,
  encoding text NOT NULL,
  segments smallint NOT NULL,
  status text NOT NULL,
  carrier text,
  province text,
  channel_id text,
  carrier_message_ids text[],
  client_ref text,
  callback_url text,
  send_at timestamptz NOT NULL,
  queued_at timestamptz,
  submitted_at timestamptz,
  done_at timestamptz,
  error_code text,
  error_message text,
  attempts smallint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at)`;

const MESSAGE_EVENTS = `
CREATE TABLE message_events (
  message_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  id bigint NOT NULL DEFAULT nextval('message_events_id_seq'),
  message_created_at timestamptz NOT NULL,
  account_id uuid NOT NULL,
  status text NOT NULL,
  detail jsonb,
  PRIMARY KEY (message_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at)`;

const MESSAGE_CARRIER_REFS = `
CREATE TABLE message_carrier_refs (
  channel_id text NOT NULL,
  carrier_message_id text NOT NULL,
  message_id uuid NOT NULL,
  message_created_at timestamptz NOT NULL,
  segment_index smallint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, carrier_message_id)
)`;

const IDEMPOTENCY_KEYS = `
CREATE TABLE idempotency_keys (
  account_id uuid NOT NULL REFERENCES accounts (id),
  key text NOT NULL,
  request_hash bytea NOT NULL,
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, key)
)`;

/**
 * Creates the monthly partitions of `parent` for `months` months starting with the month of `first_month`
 * (UTC month boundaries). Serialised with an advisory lock so concurrent dispatchers cannot race.
 */
const ENSURE_MONTHLY_PARTITIONS = `
CREATE FUNCTION ensure_monthly_partitions(parent text, first_month timestamptz, months integer)
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
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        partition_name, parent,
        to_char(month_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(month_start + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$fn$`;

/** The entry point the dispatcher calls periodically: this month plus `months_ahead` for both partitioned tables. */
const ENSURE_MESSAGE_PARTITIONS = `
CREATE FUNCTION ensure_message_partitions(months_ahead integer)
RETURNS integer LANGUAGE sql AS $fn$
  SELECT ensure_monthly_partitions('messages', now(), months_ahead + 1)
       + ensure_monthly_partitions('message_events', now(), months_ahead + 1)
$fn$`;

const UP_STATEMENTS: readonly string[] = [
  ACCOUNTS,
  `CREATE UNIQUE INDEX accounts_path_key ON accounts (path text_pattern_ops)`,
  `CREATE INDEX accounts_parent_idx ON accounts (parent_id, created_at)`,
  API_KEYS,
  `CREATE INDEX api_keys_account_idx ON api_keys (account_id, created_at)`,
  SIGNATURES,
  `CREATE INDEX signatures_account_idx ON signatures (account_id, created_at)`,
  `CREATE UNIQUE INDEX signatures_account_text_live_key ON signatures (account_id, text) WHERE status <> 'rejected'`,
  TEMPLATES,
  `CREATE INDEX templates_account_idx ON templates (account_id, created_at)`,
  MESSAGES,
  `CREATE INDEX messages_account_created_idx ON messages (account_id, created_at DESC, id DESC)`,
  `CREATE INDEX messages_account_phone_idx ON messages (account_id, phone, created_at DESC)`,
  `CREATE INDEX messages_account_client_ref_idx ON messages (account_id, client_ref) WHERE client_ref IS NOT NULL`,
  `CREATE INDEX messages_dispatch_idx ON messages (send_at) WHERE status IN ('QUEUED', 'SCHEDULED')`,
  `CREATE INDEX messages_lease_idx ON messages (lease_expires_at) WHERE status = 'SUBMITTING'`,
  `CREATE SEQUENCE message_events_id_seq`,
  MESSAGE_EVENTS,
  MESSAGE_CARRIER_REFS,
  `CREATE INDEX message_carrier_refs_created_idx ON message_carrier_refs (created_at)`,
  IDEMPOTENCY_KEYS,
  `CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`,
  ENSURE_MONTHLY_PARTITIONS,
  ENSURE_MESSAGE_PARTITIONS,
  `SELECT ensure_monthly_partitions('messages', now() - interval '3 months', 3)`,
  `SELECT ensure_monthly_partitions('message_events', now() - interval '3 months', 3)`,
  `SELECT ensure_message_partitions(3)`,
  `CREATE TABLE messages_default PARTITION OF messages DEFAULT`,
  `CREATE TABLE message_events_default PARTITION OF message_events DEFAULT`,
];

const DOWN_STATEMENTS: readonly string[] = [
  `DROP FUNCTION ensure_message_partitions(integer)`,
  `DROP FUNCTION ensure_monthly_partitions(text, timestamptz, integer)`,
  `DROP TABLE idempotency_keys`,
  `DROP TABLE message_carrier_refs`,
  `DROP TABLE message_events`,
  `DROP SEQUENCE message_events_id_seq`,
  `DROP TABLE messages`,
  `DROP TABLE templates`,
  `DROP TABLE signatures`,
  `DROP TABLE api_keys`,
  `DROP TABLE accounts`,
];
