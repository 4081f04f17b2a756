import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What closes the lifecycle of a message whose report never comes: a sweep walks message_carrier_refs by the time
 * each submit was recorded (its created_at index), and a watermark per sweep remembers how far it got, so every
 * submit is looked at once, however long the message was scheduled or queued before.
 */
export class ReceiptExpiry1764000100000 implements MigrationInterface {
  name = 'ReceiptExpiry1764000100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE maintenance_marks (
      name text PRIMARY KEY,
      mark timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE maintenance_marks`);
  }
}
