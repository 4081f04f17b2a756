import type { ClickRecord } from '@tongdao/short-links';
import { queryRows, RowQueryRunner } from '../query-rows';

/** The `clicks` table and the lookups the click writer needs. */
export class ClickRepository {
  /** Inserts clicks, skipping click ids already stored; returns the newly inserted ones. */
  async insertNew(runner: RowQueryRunner, records: readonly ClickRecord[]): Promise<ClickRecord[]> {
    if (records.length === 0) return [];
    const rows = await queryRows<{ click_id: string }>(
      runner,
      `INSERT INTO clicks (click_id, link_id, account_id, message_id, recipient_id, occurred_at, ip_prefix, device, os,
         browser, country, province, city, referrer, class, reason, delay_ms, method, user_agent)
       SELECT r.click_id, r.link_id, r.account_id, r.message_id, r.recipient_id, r.occurred_at, r.ip_prefix, r.device,
         r.os, r.browser, r.country, r.province, r.city, r.referrer, r.class, r.reason, r.delay_ms, r.method,
         r.user_agent
       FROM json_to_recordset($1::json) AS r(click_id text, link_id bigint, account_id uuid, message_id uuid,
         recipient_id text, occurred_at timestamptz, ip_prefix text, device text, os text, browser text, country text,
         province text, city text, referrer text, class text, reason text, delay_ms bigint, method text,
         user_agent text)
       ON CONFLICT (click_id) DO NOTHING
       RETURNING click_id`,
      [JSON.stringify(records.map(toRow))],
    );
    const inserted = new Set(rows.map((row) => row.click_id));
    return records.filter((record) => inserted.has(record.clickId));
  }

  /**
   * When each message was delivered (absent when not delivered or unknown). Message ids are UUIDv7, so each lookup
   * is bounded to the month partitions around the id's own timestamp.
   */
  async deliveredAt(runner: RowQueryRunner, messageIds: readonly string[]): Promise<Map<string, Date>> {
    const result = new Map<string, Date>();
    const ids = messageIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id));
    if (ids.length === 0) return result;
    const times = ids.map(uuidV7Time);
    const rows = await queryRows<{ id: string; done_at: Date }>(
      runner,
      `SELECT id, done_at FROM messages
       WHERE id = ANY($1::uuid[]) AND created_at BETWEEN $2 AND $3 AND status = 'DELIVERED' AND done_at IS NOT NULL`,
      [ids, new Date(Math.min(...times) - 60_000), new Date(Math.max(...times) + 60_000)],
    );
    for (const row of rows) result.set(row.id, new Date(row.done_at));
    return result;
  }

  /** Clicks recorded for a link (tests and diagnostics; analytics read rollups). */
  async countForLink(runner: RowQueryRunner, linkId: string): Promise<number> {
    const rows = await queryRows<{ count: string }>(
      runner,
      `SELECT count(*) AS count FROM clicks WHERE link_id = $1`,
      [linkId],
    );
    return Number(rows[0]?.count ?? 0);
  }
}

function uuidV7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

function toRow(record: ClickRecord): Record<string, unknown> {
  return {
    click_id: record.clickId,
    link_id: record.linkId,
    account_id: record.accountId,
    message_id: record.messageId,
    recipient_id: record.recipientId,
    occurred_at: record.occurredAt.toISOString(),
    ip_prefix: record.ipPrefix,
    device: record.device,
    os: record.os,
    browser: record.browser,
    country: record.country,
    province: record.province,
    city: record.city,
    referrer: record.referrer,
    class: record.class,
    reason: record.reason,
    delay_ms: record.delayMs,
    method: record.method,
    user_agent: record.userAgent,
  };
}
