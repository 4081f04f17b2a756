import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ensureMessagePartitions, MessageTransitions, queryRows } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';

const EXPIRY_MARK = 'expire-unreported';
const EXPIRY_BATCH = 20_000;
const REF_DELETE_BATCH = 10_000;

/** Housekeeping SQL: partitions, expiry of submits whose report never came, old carrier ids. */
@Injectable()
export class MaintenanceRepository {
  private readonly transitions = new MessageTransitions();

  constructor(private readonly dataSource: DataSource) {}

  async ensurePartitions(monthsAhead: number): Promise<void> {
    await ensureMessagePartitions(this.dataSource, monthsAhead);
  }

  /**
   * Marks EXPIRED (error NO_REPORT) the still-SUBMITTED messages whose submit was recorded more than `hours` ago,
   * walking submits in recording order from the last watermark, one batch per call. `more` says whether the batch
   * was full. One sweeper at a time (the watermark row is locked); others skip.
   */
  async expireUnreported(hours: number): Promise<{ expired: number; more: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO maintenance_marks (name, mark)
         SELECT $1, coalesce(min(created_at), now()) FROM message_carrier_refs
         ON CONFLICT (name) DO NOTHING`,
        [EXPIRY_MARK],
      );
      const marks = await queryRows<{ mark: Date }>(
        tx,
        `SELECT mark FROM maintenance_marks WHERE name = $1 FOR UPDATE SKIP LOCKED`,
        [EXPIRY_MARK],
      );
      if (marks.length === 0) return { expired: 0, more: false };
      const mark = marks[0]!.mark;
      const refs = await queryRows<{ message_id: string; created_at: string; recorded_at: Date }>(
        tx,
        `SELECT ref.message_id, ref.message_created_at::text AS created_at, ref.created_at AS recorded_at
           FROM message_carrier_refs ref
          WHERE ref.created_at >= $1 AND ref.created_at < now() - make_interval(hours => $2)
          ORDER BY ref.created_at
          LIMIT $3`,
        [mark, hours, EXPIRY_BATCH],
      );
      if (refs.length === 0) {
        await tx.query(
          `UPDATE maintenance_marks SET mark = now() - make_interval(hours => $2), updated_at = now() WHERE name = $1`,
          [EXPIRY_MARK, hours],
        );
        return { expired: 0, more: false };
      }
      const messages = new Map(refs.map((ref) => [ref.message_id, ref]));
      const applied = await this.transitions.apply(
        tx,
        [...messages.values()].map((ref) => ({
          id: ref.message_id,
          createdAt: ref.created_at,
          to: MessageStatus.Expired,
          errorCode: 'NO_REPORT',
          errorMessage: `no status report within ${hours} h of the submit`,
          detail: { reason: 'NO_REPORT', hours },
        })),
      );
      if (refs.length < EXPIRY_BATCH) {
        await tx.query(
          `UPDATE maintenance_marks SET mark = now() - make_interval(hours => $2), updated_at = now() WHERE name = $1`,
          [EXPIRY_MARK, hours],
        );
      } else {
        // Rows come in recording order; the next sweep starts at the last one read (re-reading it is harmless).
        // A whole batch recorded in the same microsecond would stall the sweep, so it then moves past it.
        const latest = refs[refs.length - 1]!.recorded_at;
        const next = latest.getTime() > mark.getTime() ? latest : new Date(mark.getTime() + 1);
        await tx.query(`UPDATE maintenance_marks SET mark = $2, updated_at = now() WHERE name = $1`, [
          EXPIRY_MARK,
          next,
        ]);
      }
      return { expired: applied.length, more: refs.length === EXPIRY_BATCH };
    });
  }

  /** Carrier ids older than `hours` can no longer be quoted by a report we would accept; removes them in batches. */
  async deleteCarrierRefsOlderThan(hours: number): Promise<number> {
    const rows = await queryRows<unknown>(
      this.dataSource,
      `DELETE FROM message_carrier_refs
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM message_carrier_refs
                                WHERE created_at < now() - make_interval(hours => $1) LIMIT $2))
        RETURNING 1`,
      [hours, REF_DELETE_BATCH],
    );
    return rows.length;
  }
}
