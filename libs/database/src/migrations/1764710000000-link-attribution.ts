import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8b: per-recipient link attribution, analytics rollups and conversions.
 *
 * - `message_links`: one row per message that carries a per-recipient short link, keyed by the message id (so a
 *   message can never get two links), with the dimensions its counts are broken down by and the funnel steps it has
 *   reached. The `*_at` columns double as "counted once" guards: a step is counted only by the update that sets it.
 * - `attribution_counters`: the rollups. One row per account × scope (link, batch, campaign, account) × Asia/Shanghai
 *   day × metric × key, plus the same under day 1970-01-01 for all time. Writers add summed deltas; readers sum a few
 *   hundred rows instead of counting raw clicks. fillfactor leaves room for HOT updates of these hot rows.
 * - `attribution_uniques`: which recipients already clicked (or converted) in a scope, so unique clickers count
 *   people exactly and a replayed click does not count them again.
 * - `conversions`: postbacks from customers' sites, attributed to click, link, message, recipient and campaign.
 *
 * No foreign keys to short_links/clicks (issue 8a's tables): these rows are written in hot batch paths, and links are
 * never hard-deleted.
 */
export class LinkAttribution1764710000000 implements MigrationInterface {
  name = 'LinkAttribution1764710000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['conversions', 'attribution_uniques', 'attribution_counters', 'message_links'])
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

const UP = [
  `CREATE TABLE message_links (
     message_id uuid PRIMARY KEY,
     link_id bigint NOT NULL UNIQUE,
     account_id uuid NOT NULL,
     batch_id uuid,
     campaign_ref text,
     recipient_id text NOT NULL,
     carrier text,
     province text,
     channel_id text,
     created_at timestamptz NOT NULL,
     sent_at timestamptz,
     delivered_at timestamptz,
     first_human_click_at timestamptz,
     converted_at timestamptz
   ) WITH (fillfactor = 80)`,
  `CREATE TABLE attribution_counters (
     account_id uuid NOT NULL,
     scope text NOT NULL CHECK (scope IN ('link', 'batch', 'campaign', 'account')),
     scope_id text NOT NULL,
     day date NOT NULL,
     metric text NOT NULL,
     key text NOT NULL,
     value bigint NOT NULL,
     PRIMARY KEY (account_id, scope, scope_id, day, metric, key)
   ) WITH (fillfactor = 70)`,
  `CREATE TABLE attribution_uniques (
     account_id uuid NOT NULL,
     scope text NOT NULL,
     scope_id text NOT NULL,
     what text NOT NULL CHECK (what IN ('click', 'conversion')),
     recipient_id text NOT NULL,
     PRIMARY KEY (account_id, scope, scope_id, what, recipient_id)
   )`,
  `CREATE TABLE conversions (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     account_id uuid NOT NULL,
     idempotency_key text,
     event text NOT NULL,
     value_minor bigint,
     currency text NOT NULL,
     click_id text,
     link_id bigint,
     message_id uuid,
     recipient_id text,
     batch_id uuid,
     campaign_ref text,
     occurred_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (account_id, idempotency_key)
   )`,
  `CREATE INDEX conversions_account_created ON conversions (account_id, created_at DESC, id DESC)`,
];
