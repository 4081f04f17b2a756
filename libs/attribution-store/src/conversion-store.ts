import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

export interface NewConversion {
  accountId: string;
  idempotencyKey: string | null;
  event: string;
  valueMinor: number | null;
  currency: string;
  clickId: string | null;
  linkId: string;
  messageId: string | null;
  recipientId: string | null;
  batchId: string | null;
  campaignRef: string | null;
  occurredAt: Date;
}

export interface StoredConversion extends NewConversion {
  id: string;
  createdAt: Date;
}

interface ConversionRow {
  id: string;
  account_id: string;
  idempotency_key: string | null;
  event: string;
  value_minor: string | null;
  currency: string;
  click_id: string | null;
  link_id: string;
  message_id: string | null;
  recipient_id: string | null;
  batch_id: string | null;
  campaign_ref: string | null;
  occurred_at: Date;
  created_at: Date;
}

const COLUMNS = `id::text AS id, account_id, idempotency_key, event, value_minor::text AS value_minor, currency, click_id,
  link_id::text AS link_id, message_id, recipient_id, batch_id, campaign_ref, occurred_at, created_at`;

/**
 * Conversions, and the look-ups that attribute one: a click id, a link code or a message id, each only within the
 * caller's account tree. Reads issue 8a's `clicks`, `short_links` and `short_domains` tables; never writes them.
 */
export class ConversionStore {
  /** The link a click was on (and the click's account), or null. */
  async linkOfClick(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    clickId: string,
  ): Promise<{ linkId: string; accountId: string } | null> {
    const rows = await queryRows<{ link_id: string; account_id: string }>(
      runner,
      `SELECT link_id::text AS link_id, account_id FROM clicks WHERE click_id = $1 AND account_id = ANY($2::uuid[])`,
      [clickId, accountIds],
    );
    return rows[0] ? { linkId: rows[0].link_id, accountId: rows[0].account_id } : null;
  }

  /** Links with this code in the tree, on the given short host when one is given (codes are unique per domain). */
  async linksWithCode(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    code: string,
    host: string | null,
  ): Promise<Array<{ linkId: string; accountId: string }>> {
    const rows = await queryRows<{ link_id: string; account_id: string }>(
      runner,
      `SELECT l.id::text AS link_id, l.account_id FROM short_links l JOIN short_domains d ON d.id = l.domain_id
        WHERE l.code = $1 AND l.account_id = ANY($2::uuid[]) AND ($3::text IS NULL OR d.host = $3) AND l.deleted_at IS NULL
        LIMIT 2`,
      [code, accountIds, host],
    );
    return rows.map((row) => ({ linkId: row.link_id, accountId: row.account_id }));
  }

  /** Inserts unless the account already has a conversion under this idempotency key; answers null then. */
  async insert(runner: RowQueryRunner, conversion: NewConversion): Promise<StoredConversion | null> {
    const rows = await queryRows<ConversionRow>(
      runner,
      `INSERT INTO conversions (account_id, idempotency_key, event, value_minor, currency, click_id, link_id, message_id,
                                recipient_id, batch_id, campaign_ref, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (account_id, idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        conversion.accountId,
        conversion.idempotencyKey,
        conversion.event,
        conversion.valueMinor,
        conversion.currency,
        conversion.clickId,
        conversion.linkId,
        conversion.messageId,
        conversion.recipientId,
        conversion.batchId,
        conversion.campaignRef,
        conversion.occurredAt,
      ],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findByKey(runner: RowQueryRunner, accountId: string, key: string): Promise<StoredConversion | null> {
    const rows = await queryRows<ConversionRow>(
      runner,
      `SELECT ${COLUMNS} FROM conversions WHERE account_id = $1 AND idempotency_key = $2`,
      [accountId, key],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The account of a link made through the links API (links of messages are found in message_links). */
  async accountOfLink(
    runner: RowQueryRunner,
    accountIds: readonly string[],
    linkId: string,
  ): Promise<string | null> {
    const rows = await queryRows<{ account_id: string }>(
      runner,
      `SELECT account_id FROM short_links WHERE id = $1 AND account_id = ANY($2::uuid[])`,
      [linkId, accountIds],
    );
    return rows[0]?.account_id ?? null;
  }
}

function fromRow(row: ConversionRow): StoredConversion {
  return {
    id: row.id,
    accountId: row.account_id,
    idempotencyKey: row.idempotency_key,
    event: row.event,
    valueMinor: row.value_minor === null ? null : Number(row.value_minor),
    currency: row.currency,
    clickId: row.click_id,
    linkId: row.link_id,
    messageId: row.message_id,
    recipientId: row.recipient_id,
    batchId: row.batch_id,
    campaignRef: row.campaign_ref,
    occurredAt: row.occurred_at,
    createdAt: row.created_at,
  };
}
