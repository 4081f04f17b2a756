import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8a: branded short links.
 *
 * - `short_domains`: the hosts the redirector answers on. `account_id` null is a platform domain (the default one is
 *   seeded from `SHORT_LINK_DEFAULT_DOMAIN` at boot). An account's domain starts `pending` and is approved or
 *   rejected by an ancestor; only `approved` hosts redirect. A host is held by one live (not rejected) row.
 * - `short_links`: one code per domain, forever: a deleted link keeps its row (`deleted_at`) so its code is never
 *   handed out again and an old message never leads somewhere new. `message_id` … `click_id_base` tie a link to
 *   one recipient of one message (minted by the attribution module inside the acceptance transaction).
 * - `clicks`: one row per hit the redirector answered, written in batches from a Redis Stream by the click writer.
 *   `click_id` is minted by the redirector before the 302 is answered and is unique, so a batch replayed after a
 *   crash inserts nothing twice. No foreign keys: the writer's batches must not lock link or account rows.
 */
export class ShortLinks1764700000000 implements MigrationInterface {
  name = 'ShortLinks1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

const SHORT_DOMAINS = `
CREATE TABLE short_domains (
  id uuid PRIMARY KEY,
  account_id uuid REFERENCES accounts (id),
  host text NOT NULL CHECK (host = lower(host) AND host <> ''),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'disabled')),
  is_default boolean NOT NULL DEFAULT false,
  reviewer_account_id uuid,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

const SHORT_LINKS = `
CREATE TABLE short_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain_id uuid NOT NULL REFERENCES short_domains (id),
  code text NOT NULL,
  account_id uuid NOT NULL,
  target_url text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  expires_at timestamptz,
  click_cap integer CHECK (click_cap > 0),
  disabled_at timestamptz,
  deleted_at timestamptz,
  message_id uuid,
  batch_id uuid,
  campaign_ref text,
  recipient_id text,
  click_id_base text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (domain_id, code)
)`;

const CLICKS = `
CREATE TABLE clicks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  click_id text NOT NULL UNIQUE,
  link_id bigint NOT NULL,
  account_id uuid NOT NULL,
  message_id uuid,
  recipient_id text,
  occurred_at timestamptz NOT NULL,
  ip_prefix text,
  device text,
  os text,
  browser text,
  country text,
  province text,
  city text,
  referrer text,
  class text NOT NULL CHECK (class IN ('human', 'preview', 'scanner', 'bot')),
  reason text NOT NULL,
  delay_ms bigint,
  method text NOT NULL DEFAULT 'GET',
  user_agent text,
  recorded_at timestamptz NOT NULL DEFAULT now()
)`;

const UP = [
  SHORT_DOMAINS,
  `CREATE UNIQUE INDEX short_domains_live_host ON short_domains (host) WHERE status <> 'rejected'`,
  `CREATE UNIQUE INDEX short_domains_one_default ON short_domains (is_default) WHERE is_default`,
  `CREATE INDEX short_domains_account ON short_domains (account_id, created_at DESC)`,
  SHORT_LINKS,
  `CREATE INDEX short_links_account_page ON short_links (account_id, id DESC) WHERE deleted_at IS NULL`,
  `CREATE INDEX short_links_tags ON short_links USING gin (tags)`,
  `CREATE INDEX short_links_message ON short_links (message_id) WHERE message_id IS NOT NULL`,
  CLICKS,
  `CREATE INDEX clicks_link_time ON clicks (link_id, occurred_at)`,
  `CREATE INDEX clicks_account_time ON clicks (account_id, occurred_at)`,
];

const DOWN = ['DROP TABLE clicks', 'DROP TABLE short_links', 'DROP TABLE short_domains'];
