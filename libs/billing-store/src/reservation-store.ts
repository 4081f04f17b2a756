import { BillingKind, LedgerDraft, Reservation, ReservedLevel } from '@tongdao/billing';
import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

interface ReservationRow {
  id: string;
  cause_type: Reservation['causeType'];
  account_id: string;
  kind: BillingKind;
  messages: number;
  levels: ReservedLevel[];
}

export interface ReservationActor {
  keyId: string | null;
  accountId: string | null;
}

/**
 * Reservations: written with the messages they pay for, read and advanced by settlement, deleted once every
 * message is settled (the ledger keeps the history).
 */
export class ReservationStore {
  /**
   * Stores the reservation and its `reserve` ledger entries in one statement; the stripes are reserved
   * separately, last, so the busiest rows stay locked for as short a time as possible.
   */
  async insert(
    runner: RowQueryRunner,
    reservation: Reservation,
    createdAt: Date,
    segments: number,
    actor: ReservationActor,
  ): Promise<void> {
    const entries: LedgerDraft[] = reservation.levels
      .filter((level) => level.amount > 0)
      .map((level) => ({
        accountId: level.accountId,
        type: 'reserve',
        amount: 0,
        reservedDelta: level.amount,
        causeType: reservation.causeType,
        causeId: reservation.id,
        messages: reservation.messages,
        segments,
        actorKeyId: actor.keyId,
        actorAccountId: actor.accountId,
        note: null,
      }));
    await runner.query(
      `WITH reservation AS (
         INSERT INTO billing_reservations (id, cause_type, account_id, kind, created_at, messages, levels)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       )
       INSERT INTO ledger_entries (account_id, type, amount, reserved_delta, cause_type, cause_id, messages, segments,
                                   actor_key_id, actor_account_id)
       SELECT r.account_id, 'reserve', 0, r.amount, $2, $1, $6, $8, $9, $10
         FROM json_to_recordset($11::json) AS r(account_id uuid, amount bigint)`,
      [
        reservation.id,
        reservation.causeType,
        reservation.senderAccountId,
        reservation.kind,
        createdAt,
        reservation.messages,
        JSON.stringify(reservation.levels),
        segments,
        actor.keyId,
        actor.accountId,
        JSON.stringify(
          entries.map((entry) => ({ account_id: entry.accountId, amount: entry.reservedDelta })),
        ),
      ],
    );
  }

  async find(runner: RowQueryRunner, ids: readonly string[]): Promise<Map<string, Reservation>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<ReservationRow>(
      runner,
      `SELECT id, cause_type, account_id, kind, messages, levels FROM billing_reservations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          causeType: row.cause_type,
          senderAccountId: row.account_id,
          kind: row.kind,
          messages: row.messages,
          levels: row.levels,
        },
      ]),
    );
  }

  /**
   * Counts settled messages; a reservation settled more often than it has messages means an event was handled
   * twice, which must stop settlement rather than charge twice. Fully settled reservations are deleted.
   */
  async advance(runner: RowQueryRunner, progress: ReadonlyMap<string, number>): Promise<void> {
    if (progress.size === 0) return;
    const payload = JSON.stringify([...progress].map(([id, settled]) => ({ id, settled })));
    const rows = await queryRows<{ id: string; done: boolean }>(
      runner,
      `UPDATE billing_reservations b SET settled_messages = b.settled_messages + r.settled
         FROM json_to_recordset($1::json) AS r(id uuid, settled int)
        WHERE b.id = r.id AND b.settled_messages + r.settled <= b.messages
        RETURNING b.id, b.settled_messages = b.messages AS done`,
      [payload],
    );
    if (rows.length !== progress.size)
      throw new Error(
        'a reservation would be settled for more messages than it holds; refusing to charge twice',
      );
    const done = rows.filter((row) => row.done).map((row) => row.id);
    if (done.length > 0)
      await runner.query(`DELETE FROM billing_reservations WHERE id = ANY($1::uuid[])`, [done]);
  }
}
