import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxPosition, queryRows } from '@tongdao/database';

export interface ConsumerCursor {
  name: string;
  position: OutboxPosition;
  eventsTotal: number;
  owner: string | null;
  updatedAt: Date;
}

interface CursorRow {
  name: string;
  position_tx: string;
  position_id: string;
  events_total: string;
  owner: string | null;
  updated_at: Date;
}

/** The cursors of the outbox consumers (table outbox_consumers, owned by the worker). */
@Injectable()
export class OutboxCursorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the cursor of a consumer seen for the first time, at the start or at the current end of the outbox. */
  async ensure(name: string, startAt: 'beginning' | 'now'): Promise<void> {
    if (startAt === 'beginning') {
      await this.dataSource.query(
        `INSERT INTO outbox_consumers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`,
        [name],
      );
      return;
    }
    await this.dataSource.query(
      `INSERT INTO outbox_consumers (name, position_tx, position_id)
       SELECT $1, coalesce(max(outbox_tx), '0'), coalesce(max(id), 0) FROM message_events
       ON CONFLICT (name) DO NOTHING`,
      [name],
    );
  }

  /**
   * Locks the consumer's cursor for this transaction, or returns null when another worker holds it. The lock ends
   * with the transaction, also when a worker dies (its connection closes), so another worker takes over.
   */
  async lock(tx: EntityManager, name: string): Promise<ConsumerCursor | null> {
    const rows = await queryRows<CursorRow>(
      tx,
      `SELECT name, position_tx::text AS position_tx, position_id::text AS position_id, events_total, owner, updated_at
         FROM outbox_consumers WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [name],
    );
    return rows[0] ? toCursor(rows[0]) : null;
  }

  async advance(
    tx: EntityManager,
    name: string,
    position: OutboxPosition,
    events: number,
    owner: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE outbox_consumers
          SET position_tx = $2::xid8, position_id = $3::bigint, events_total = events_total + $4, owner = $5,
              updated_at = now()
        WHERE name = $1`,
      [name, position.tx, position.id, events, owner],
    );
  }

  async list(): Promise<ConsumerCursor[]> {
    const rows = await queryRows<CursorRow>(
      this.dataSource,
      `SELECT name, position_tx::text AS position_tx, position_id::text AS position_id, events_total, owner, updated_at
         FROM outbox_consumers ORDER BY name`,
    );
    return rows.map(toCursor);
  }
}

function toCursor(row: CursorRow): ConsumerCursor {
  return {
    name: row.name,
    position: { tx: row.position_tx, id: row.position_id } satisfies OutboxPosition,
    eventsTotal: Number(row.events_total),
    owner: row.owner,
    updatedAt: row.updated_at,
  };
}
