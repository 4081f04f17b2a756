import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Number intelligence (issue 6): operator prefix imports, the number-portability override list and the revision
 * row every process polls to notice changes. Revisions come from one sequence and are drawn under an advisory
 * lock by the writers, so a reader that has seen revision N has seen every change numbered below N.
 */
export class NumberData1764100000000 implements MigrationInterface {
  name = 'NumberData1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE number_data_revision_seq`);
    await runner.query(`CREATE TABLE number_data_state (
      id smallint PRIMARY KEY CHECK (id = 1),
      prefix_revision bigint NOT NULL DEFAULT 0,
      override_revision bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`INSERT INTO number_data_state (id) VALUES (1)`);
    await runner.query(`CREATE TABLE number_prefix_imports (
      id uuid PRIMARY KEY,
      revision bigint NOT NULL UNIQUE,
      format text NOT NULL CHECK (format IN ('csv', 'phone-dat')),
      mode text NOT NULL CHECK (mode IN ('extend', 'replace')),
      name text CHECK (length(name) <= 200),
      file bytea NOT NULL,
      file_bytes integer NOT NULL,
      file_sha256 text NOT NULL,
      layer bytea NOT NULL,
      layer_regions jsonb NOT NULL,
      entries integer NOT NULL,
      summary jsonb NOT NULL,
      created_by_key_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      withdrawn_by_key_id uuid
    )`);
    await runner.query(`CREATE TABLE number_portability_overrides (
      phone text PRIMARY KEY CHECK (phone ~ '^1[3-9][0-9]{9}$'),
      carrier text CHECK (carrier IN ('CMCC', 'CUCC', 'CTCC', 'CBN')),
      note text CHECK (length(note) <= 200),
      source text NOT NULL CHECK (source IN ('api', 'import')),
      import_id uuid,
      revision bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX number_portability_overrides_revision_idx ON number_portability_overrides (revision)`,
    );
    await runner.query(`CREATE TABLE number_override_imports (
      id uuid PRIMARY KEY,
      mode text NOT NULL CHECK (mode IN ('extend', 'replace')),
      name text CHECK (length(name) <= 200),
      rows integer NOT NULL,
      added integer NOT NULL,
      changed integer NOT NULL,
      unchanged integer NOT NULL,
      removed integer NOT NULL,
      file_bytes integer NOT NULL,
      file_sha256 text NOT NULL,
      created_by_key_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE number_override_imports`);
    await runner.query(`DROP TABLE number_portability_overrides`);
    await runner.query(`DROP TABLE number_prefix_imports`);
    await runner.query(`DROP TABLE number_data_state`);
    await runner.query(`DROP SEQUENCE number_data_revision_seq`);
  }
}
