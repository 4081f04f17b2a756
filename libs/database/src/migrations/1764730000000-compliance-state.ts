import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9b: compliance state.
 *
 * - `opt_outs`: per account, numbers that must not get its marketing (TD replies, imports, the API). The
 *   dispatcher's reply handling writes here; `(account_id, phone)` is the key acceptance probes.
 * - `blocklist`: numbers nobody may send to (operator).
 * - `permanent_failures` / `auto_suppressions`: numbers that keep failing permanently (empty, stopped), counted by
 *   the worker from the outbox and suppressed platform-wide at a threshold.
 * - `consents`: per account and number, marketing consent on record and its revocation.
 * - `compliance_state_settings`: per account, whether marketing needs consent and frequency-cap overrides per kind.
 * - `cap_exempt_numbers`: test numbers no frequency cap applies to (per account, or platform-wide when the account
 *   is null).
 * - `held_release_pacing`: the next free release slot per account and for the platform, so HELD messages released
 *   when quiet hours end are spread over time.
 */
export class ComplianceState1764730000000 implements MigrationInterface {
  name = 'ComplianceState1764730000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const UP = [
  `CREATE TABLE opt_outs (
     account_id uuid NOT NULL REFERENCES accounts (id),
     phone text NOT NULL,
     source text NOT NULL,
     note text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (account_id, phone)
   )`,
  `CREATE TABLE blocklist (
     phone text PRIMARY KEY,
     reason text NOT NULL,
     created_by uuid,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE permanent_failures (
     phone text PRIMARY KEY,
     failures integer NOT NULL,
     first_failed_at timestamptz NOT NULL,
     last_failed_at timestamptz NOT NULL,
     last_code text NOT NULL
   )`,
  `CREATE TABLE auto_suppressions (
     phone text PRIMARY KEY,
     reason text NOT NULL,
     last_code text NOT NULL,
     failures integer NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE consents (
     account_id uuid NOT NULL REFERENCES accounts (id),
     phone text NOT NULL,
     source text NOT NULL,
     evidence text,
     consented_at timestamptz NOT NULL,
     revoked_at timestamptz,
     revoke_source text,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (account_id, phone)
   )`,
  `CREATE TABLE compliance_state_settings (
     account_id uuid PRIMARY KEY REFERENCES accounts (id),
     requires_marketing_consent boolean,
     caps jsonb NOT NULL DEFAULT '{}'::jsonb,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE cap_exempt_numbers (
     account_id uuid REFERENCES accounts (id),
     phone text NOT NULL,
     note text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX cap_exempt_numbers_key
     ON cap_exempt_numbers (coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid), phone)`,
  `CREATE INDEX cap_exempt_numbers_phone ON cap_exempt_numbers (phone)`,
  `CREATE TABLE held_release_pacing (
     pace_key text PRIMARY KEY,
     next_slot_at timestamptz NOT NULL
   )`,
];

const DOWN = [
  'DROP TABLE held_release_pacing',
  'DROP TABLE cap_exempt_numbers',
  'DROP TABLE compliance_state_settings',
  'DROP TABLE consents',
  'DROP TABLE auto_suppressions',
  'DROP TABLE permanent_failures',
  'DROP TABLE blocklist',
  'DROP TABLE opt_outs',
];
