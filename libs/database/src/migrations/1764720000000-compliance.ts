import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9a: compliance at acceptance.
 *
 * - `sensitive_words`: platform-wide (`account_id` NULL) and per-account words, category `block` or `review`.
 *   `compliance_list_versions` holds a counter bumped with every change, which every API process polls to reload.
 * - `account_link_domains`: the hosts an account may link to in its messages (subdomains included).
 * - `account_compliance_settings`: an account's unsubscribe text and quiet window (NULL = platform default).
 * - `held_messages`: one row per HELD message: why (`quiet_hours` or `review`), and when it may go (`release_at`;
 *   NULL while it waits for review). Issue 9b's releaser takes due rows; a review decides the others.
 * - `templates.variable_types`: the typed variables of a template (`{"code": {"type": "code"}}`); NULL for
 *   templates from before, whose variables are all `text`.
 */
export class Compliance1764720000000 implements MigrationInterface {
  name = 'Compliance1764720000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const UP = [
  `CREATE TABLE sensitive_words (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     account_id uuid REFERENCES accounts (id),
     word text NOT NULL CHECK (length(word) BETWEEN 1 AND 50),
     category text NOT NULL CHECK (category IN ('block', 'review')),
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX sensitive_words_platform_word ON sensitive_words (word) WHERE account_id IS NULL`,
  `CREATE UNIQUE INDEX sensitive_words_account_word ON sensitive_words (account_id, word) WHERE account_id IS NOT NULL`,
  `CREATE TABLE compliance_list_versions (
     name text PRIMARY KEY,
     version bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `INSERT INTO compliance_list_versions (name) VALUES ('sensitive_words')`,
  `CREATE TABLE account_link_domains (
     account_id uuid NOT NULL REFERENCES accounts (id),
     host text NOT NULL CHECK (host = lower(host)),
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (account_id, host)
   )`,
  `CREATE TABLE account_compliance_settings (
     account_id uuid PRIMARY KEY REFERENCES accounts (id),
     unsubscribe_text text,
     quiet_hours_enabled boolean NOT NULL DEFAULT true,
     quiet_start smallint CHECK (quiet_start BETWEEN 0 AND 1439),
     quiet_end smallint CHECK (quiet_end BETWEEN 0 AND 1439),
     quiet_time_zone text,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE held_messages (
     message_id uuid PRIMARY KEY,
     account_id uuid NOT NULL,
     created_at timestamptz NOT NULL,
     reason text NOT NULL CHECK (reason IN ('quiet_hours', 'review')),
     detail text,
     release_at timestamptz
   )`,
  `CREATE INDEX held_messages_due ON held_messages (release_at) WHERE release_at IS NOT NULL`,
  `CREATE INDEX held_messages_review ON held_messages (account_id, created_at) WHERE release_at IS NULL`,
  `ALTER TABLE templates ADD COLUMN variable_types jsonb`,
];

const DOWN = [
  `ALTER TABLE templates DROP COLUMN variable_types`,
  `DROP TABLE held_messages`,
  `DROP TABLE account_compliance_settings`,
  `DROP TABLE account_link_domains`,
  `DROP TABLE compliance_list_versions`,
  `DROP TABLE sensitive_words`,
];
