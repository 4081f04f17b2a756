import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channels and routing rules as data (issue 6). `routing_config.version` goes up with every change so that
 * dispatchers polling it notice changes they missed on Redis. `managed_by` and `seed_hash` let a channel file
 * seed the table without overwriting what operators changed through the API since (see README, Channels).
 */
export class ChannelsAndRoutes1764150000000 implements MigrationInterface {
  name = 'ChannelsAndRoutes1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE channels (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      protocol text NOT NULL CHECK (protocol IN ('cmpp2', 'cmpp3', 'sgip', 'smgp', 'smpp')),
      host text NOT NULL,
      port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
      account text NOT NULL,
      password_sealed text NOT NULL,
      source_number text NOT NULL,
      extension_code text,
      carriers text[] NOT NULL,
      international boolean NOT NULL,
      provinces text[],
      kinds text[] NOT NULL,
      priority integer NOT NULL,
      weight integer NOT NULL CHECK (weight > 0),
      cost_per_segment bigint NOT NULL CHECK (cost_per_segment >= 0),
      connections integer NOT NULL CHECK (connections > 0),
      window_size integer NOT NULL CHECK (window_size > 0),
      tps double precision CHECK (tps > 0),
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      enabled boolean NOT NULL,
      managed_by text NOT NULL CHECK (managed_by IN ('file', 'api')),
      seed_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE routes (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      account_id uuid REFERENCES accounts (id),
      kind text CHECK (kind IN ('verification', 'notification', 'marketing')),
      target text NOT NULL CHECK (target IN ('CMCC', 'CUCC', 'CTCC', 'CBN', 'INTL')),
      province text,
      channels jsonb NOT NULL,
      priority integer NOT NULL,
      enabled boolean NOT NULL,
      description text,
      managed_by text NOT NULL CHECK (managed_by IN ('file', 'api')),
      seed_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX routes_account_idx ON routes (account_id) WHERE account_id IS NOT NULL`);
    await runner.query(`CREATE TABLE routing_config (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      version bigint NOT NULL
    )`);
    await runner.query(`INSERT INTO routing_config (singleton, version) VALUES (true, 1)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE routing_config`);
    await runner.query(`DROP TABLE routes`);
    await runner.query(`DROP TABLE channels`);
  }
}
