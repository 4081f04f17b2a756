import { randomUUID } from 'node:crypto';
import { ClickFacts } from '@tongdao/attribution';
import { ClickRollup } from '@tongdao/attribution-store';
import { OutboxEvent } from '@tongdao/database';
import { MessageKind, MessageStatus } from '@tongdao/lifecycle';
import { DataSource } from 'typeorm';

export interface SeedClick {
  clickId?: string;
  linkId: string;
  accountId: string;
  messageId?: string | null;
  recipientId?: string | null;
  occurredAt: Date;
  clickClass?: 'human' | 'preview' | 'scanner' | 'bot';
  reason?: string;
  device?: string;
  os?: string;
  browser?: string;
  province?: string;
  city?: string;
}

interface ClickRow {
  click_id: string;
  link_id: string;
  account_id: string;
  occurred_at: Date;
  class: string;
  reason: string;
  device: string | null;
  os: string | null;
  browser: string | null;
  province: string | null;
  city: string | null;
}

/**
 * Stores clicks the way a click writer does: inserted with ON CONFLICT DO NOTHING and rolled up in the same
 * transaction, passing the rollup only the rows whose insert happened. Answers how many were inserted.
 */
export async function storeClicks(dataSource: DataSource, clicks: readonly SeedClick[]): Promise<number> {
  const rollup = new ClickRollup();
  return dataSource.transaction(async (tx) => {
    const inserted = (await tx.query(
      `INSERT INTO clicks (click_id, link_id, account_id, message_id, recipient_id, occurred_at, class, reason, device,
                           os, browser, province, city)
       SELECT * FROM json_to_recordset($1::json) AS r(click_id text, link_id bigint, account_id uuid, message_id uuid,
         recipient_id text, occurred_at timestamptz, class text, reason text, device text, os text, browser text,
         province text, city text)
       ON CONFLICT (click_id) DO NOTHING
       RETURNING click_id, link_id::text AS link_id, account_id, occurred_at, class, reason, device, os, browser,
                 province, city`,
      [
        JSON.stringify(
          clicks.map((click) => ({
            click_id: click.clickId ?? randomUUID(),
            link_id: click.linkId,
            account_id: click.accountId,
            message_id: click.messageId ?? null,
            recipient_id: click.recipientId ?? null,
            occurred_at: click.occurredAt.toISOString(),
            class: click.clickClass ?? 'human',
            reason: click.reason ?? 'browser',
            device: click.device ?? 'mobile',
            os: click.os ?? 'iOS',
            browser: click.browser ?? 'Mobile Safari',
            province: click.province ?? '广东',
            city: click.city ?? '深圳',
          })),
        ),
      ],
    )) as ClickRow[];
    await rollup.record(tx, inserted.map(toFacts));
    return inserted.length;
  });
}

function toFacts(row: ClickRow): ClickFacts {
  return {
    clickId: row.click_id,
    linkId: String(row.link_id),
    accountId: row.account_id,
    occurredAt: new Date(row.occurred_at),
    clickClass: row.class,
    reason: row.reason,
    device: row.device,
    os: row.os,
    browser: row.browser,
    province: row.province,
    city: row.city,
  };
}

/** An outbox event as the worker hands it to consumers, for the fields the link funnel reads. */
export function outboxEvent(
  messageId: string,
  status: MessageStatus,
  occurredAt: Date,
  channelId: string | null,
): OutboxEvent {
  return {
    position: { tx: '1', id: '1' },
    messageId,
    messageCreatedAt: occurredAt.toISOString(),
    accountId: randomUUID(),
    batchId: null,
    status,
    occurredAt,
    detail: null,
    kind: 'marketing' as MessageKind,
    phone: '+8613800138000',
    clientRef: null,
    segments: 1,
    carrier: 'CMCC',
    province: null,
    channelId,
    callbackUrl: null,
    submittedAt: occurredAt,
    doneAt: null,
  };
}

/** The platform default short domain's id (the API seeds it at boot from SHORT_LINK_DEFAULT_DOMAIN; inserted if not). */
export async function ensureDefaultDomain(dataSource: DataSource, host: string): Promise<string> {
  await dataSource.query(
    `INSERT INTO short_domains (id, account_id, host, status, is_default, decided_at)
     SELECT $1, NULL, $2, 'approved', true, now() WHERE NOT EXISTS (SELECT 1 FROM short_domains WHERE is_default)`,
    [randomUUID(), host],
  );
  const rows = (await dataSource.query(`SELECT id FROM short_domains WHERE is_default`)) as Array<{
    id: string;
  }>;
  return rows[0]!.id;
}
