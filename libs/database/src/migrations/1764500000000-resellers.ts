import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resellers (issue 11): account settings and limits, prices down the tree, striped prepaid balances with an
 * append-only ledger, reservations settled from the outbox, daily usage rollups and the audit trail.
 *
 * The ledger, reservations, rollups and audit entries deliberately carry no foreign keys: they are written on the
 * acceptance and settlement paths, and a per-row check would take a KEY SHARE lock on the reseller's account row
 * from every concurrent batch. Accounts are never deleted, only suspended.
 */
export class Resellers1764500000000 implements MigrationInterface {
  name = 'Resellers1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const ACCOUNT_SETTINGS = `
ALTER TABLE accounts
  ADD COLUMN allowed_kinds text[] NOT NULL DEFAULT ARRAY['verification', 'notification', 'marketing'],
  ADD COLUMN ip_allowlist text[] NOT NULL DEFAULT '{}',
  ADD COLUMN tps_limit integer CHECK (tps_limit > 0),
  ADD COLUMN daily_quota bigint CHECK (daily_quota >= 0),
  ADD COLUMN monthly_quota bigint CHECK (monthly_quota >= 0),
  ADD COLUMN refund_policy text NOT NULL DEFAULT 'none' CHECK (refund_policy IN ('none', 'undelivered')),
  ADD COLUMN credit_limit bigint NOT NULL DEFAULT 0 CHECK (credit_limit >= 0)`;

const PRICE_RULES = `
CREATE TABLE price_rules (
  owner_account_id uuid NOT NULL REFERENCES accounts (id),
  target_account_id uuid REFERENCES accounts (id),
  carrier text NOT NULL CHECK (carrier IN ('CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL')),
  kind text NOT NULL CHECK (kind IN ('verification', 'notification', 'marketing')),
  province text CHECK (province <> ''),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const BALANCE_STRIPES = `
CREATE TABLE balance_stripes (
  account_id uuid NOT NULL REFERENCES accounts (id),
  stripe smallint NOT NULL CHECK (stripe >= 0),
  depth integer NOT NULL,
  balance bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  credit bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  PRIMARY KEY (account_id, stripe)
)`;

const LEDGER_ENTRIES = `
CREATE TABLE ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL CHECK (type IN ('top_up', 'reserve', 'charge', 'release', 'refund', 'adjustment')),
  amount bigint NOT NULL,
  reserved_delta bigint NOT NULL,
  cause_type text NOT NULL CHECK (cause_type IN ('batch', 'message', 'top_up', 'adjustment')),
  cause_id text NOT NULL,
  messages integer,
  segments integer,
  actor_key_id uuid,
  actor_account_id uuid,
  note text
)`;

const TOP_UPS = `
CREATE TABLE top_ups (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  amount bigint NOT NULL CHECK (amount > 0),
  reference text NOT NULL,
  note text,
  actor_key_id uuid NOT NULL,
  actor_account_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, reference)
)`;

const BILLING_RESERVATIONS = `
CREATE TABLE billing_reservations (
  id uuid PRIMARY KEY,
  cause_type text NOT NULL CHECK (cause_type IN ('batch', 'message')),
  account_id uuid NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL,
  messages integer NOT NULL CHECK (messages > 0),
  settled_messages integer NOT NULL DEFAULT 0,
  levels jsonb NOT NULL,
  CHECK (settled_messages BETWEEN 0 AND messages)
)`;

const USAGE_DAILY = `
CREATE TABLE usage_daily (
  account_id uuid NOT NULL,
  day date NOT NULL,
  carrier text NOT NULL,
  kind text NOT NULL,
  province text NOT NULL,
  messages bigint NOT NULL DEFAULT 0,
  segments bigint NOT NULL DEFAULT 0,
  delivered bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  charged bigint NOT NULL DEFAULT 0,
  revenue bigint NOT NULL DEFAULT 0,
  cost bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, day, carrier, kind, province)
)`;

const AUDIT_ENTRIES = `
CREATE TABLE audit_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_key_id uuid NOT NULL,
  actor_key_prefix text NOT NULL,
  actor_account_id uuid NOT NULL,
  actor_path text NOT NULL,
  ip text,
  method text NOT NULL,
  route text NOT NULL,
  path text NOT NULL,
  subject_account_id uuid NOT NULL,
  subject_path text NOT NULL,
  resource_id text,
  status integer NOT NULL,
  error_code text,
  request jsonb,
  changes jsonb NOT NULL DEFAULT '[]'
)`;

const APPEND_ONLY = `
CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$fn$`;

/*
 * The fast path of a reservation: reserve on one stripe if it can pay. In READ COMMITTED a conditional UPDATE
 * that waited for a concurrent writer and then found the condition false still keeps the row locked; a later
 * lock of all the account's stripes in order would then deadlock with another transaction doing the same. The
 * attempt therefore runs in a subtransaction that is rolled back when it reserves nothing, releasing the lock.
 */
const TRY_RESERVE_STRIPE = `
CREATE FUNCTION try_reserve_stripe(p_account uuid, p_stripe smallint, p_amount bigint)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  BEGIN
    UPDATE balance_stripes SET reserved = reserved + p_amount
     WHERE account_id = p_account AND stripe = p_stripe AND balance - reserved + credit >= p_amount;
    IF FOUND THEN
      RETURN true;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'TD001';
  EXCEPTION WHEN SQLSTATE 'TD001' THEN
    RETURN false;
  END;
END
$fn$`;

const UP: readonly string[] = [
  ACCOUNT_SETTINGS,
  PRICE_RULES,
  `CREATE UNIQUE INDEX price_rules_key ON price_rules
     (owner_account_id, COALESCE(target_account_id, '00000000-0000-0000-0000-000000000000'::uuid), carrier, kind, COALESCE(province, ''))`,
  `CREATE INDEX price_rules_target_idx ON price_rules (target_account_id) WHERE target_account_id IS NOT NULL`,
  BALANCE_STRIPES,
  TRY_RESERVE_STRIPE,
  LEDGER_ENTRIES,
  `CREATE INDEX ledger_entries_account_idx ON ledger_entries (account_id, id DESC)`,
  `CREATE INDEX ledger_entries_cause_idx ON ledger_entries (cause_id)`,
  TOP_UPS,
  BILLING_RESERVATIONS,
  `CREATE INDEX billing_reservations_account_idx ON billing_reservations (account_id, created_at)`,
  USAGE_DAILY,
  `CREATE INDEX usage_daily_day_idx ON usage_daily (day)`,
  AUDIT_ENTRIES,
  `CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_account_id, id DESC)`,
  `CREATE INDEX audit_entries_subject_path_idx ON audit_entries (subject_path text_pattern_ops)`,
  `CREATE INDEX audit_entries_occurred_idx ON audit_entries (occurred_at)`,
  APPEND_ONLY,
  `CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
     FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
  `CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
     FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`,
  // Audit entries never change; old ones may be deleted for retention (by occurred_at).
  `CREATE TRIGGER audit_entries_append_only BEFORE UPDATE ON audit_entries
     FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`,
];

const DOWN: readonly string[] = [
  `DROP TABLE audit_entries`,
  `DROP TABLE usage_daily`,
  `DROP TABLE billing_reservations`,
  `DROP TABLE top_ups`,
  `DROP TABLE ledger_entries`,
  `DROP FUNCTION refuse_append_only_change()`,
  `DROP FUNCTION try_reserve_stripe(uuid, smallint, bigint)`,
  `DROP TABLE balance_stripes`,
  `DROP TABLE price_rules`,
  `ALTER TABLE accounts DROP COLUMN allowed_kinds, DROP COLUMN ip_allowlist, DROP COLUMN tps_limit,
     DROP COLUMN daily_quota, DROP COLUMN monthly_quota, DROP COLUMN refund_policy, DROP COLUMN credit_limit`,
];
