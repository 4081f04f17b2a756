import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the dispatcher needs on top of the initial schema: per-segment receipt state, a holding
 * table for receipts that arrive before their submit is recorded, and a per-kind claim index so
 * verification codes are never queued behind bulk marketing.
 */
export class DispatchReceipts1763900000000 implements MigrationInterface {
  name = 'DispatchReceipts1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE message_carrier_refs
      ADD COLUMN stat text,
      ADD COLUMN delivered boolean,
      ADD COLUMN report_error text,
      ADD COLUMN reported_at timestamptz`);
    await runner.query(`CREATE TABLE unmatched_reports (
      channel_id text NOT NULL,
      carrier_message_id text NOT NULL,
      stat text NOT NULL,
      delivered boolean NOT NULL,
      error_code text,
      done_at timestamptz,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (channel_id, carrier_message_id)
    )`);
    await runner.query(`CREATE INDEX unmatched_reports_received_idx ON unmatched_reports (received_at)`);
    await runner.query(
      `CREATE INDEX messages_claim_idx ON messages (kind, send_at) WHERE status IN ('QUEUED', 'SCHEDULED')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX messages_claim_idx`);
    await runner.query(`DROP TABLE unmatched_reports`);
    await runner.query(`ALTER TABLE message_carrier_refs
      DROP COLUMN stat, DROP COLUMN delivered, DROP COLUMN report_error, DROP COLUMN reported_at`);
  }
}
