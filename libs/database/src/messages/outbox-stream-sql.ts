/**
 * A table read as an outbox stream: rows ordered by (outbox_tx, id), handed out only below the oldest running
 * transaction (see outbox-reader.ts for why that order is safe to read with a cursor).
 */
export interface OutboxStream {
  table: string;
  alias: string;
  /** The select list, written against `alias` (and the join's alias). */
  columns: string;
  /** A join for columns kept on another table, e.g. the message of an event. */
  join?: string;
}

/** Account trees up to this size are read account by account; larger ones in one scan (see forAccountsSql). */
const PER_ACCOUNT_MAX = 64;

function belowHorizon(alias: string): string {
  return `${alias}.outbox_tx < pg_snapshot_xmin(pg_current_snapshot())`;
}

/** Parameters: $1 after tx (xid8), $2 after id, $3 limit. */
export function outboxReadSql({ table, alias, columns, join = '' }: OutboxStream): string {
  return `SELECT ${columns}
     FROM ${table} ${alias} ${join}
    WHERE (${alias}.outbox_tx, ${alias}.id) > ($1::xid8, $2::bigint) AND ${belowHorizon(alias)}
    ORDER BY ${alias}.outbox_tx, ${alias}.id
    LIMIT $3`;
}

/**
 * Parameters: $1 account ids, $2 after tx, $3 after id, $4 limit. A small tree is read account by account (one index
 * probe each on (account_id, outbox_tx, id), merged); a large tree in one scan of the outbox order filtered by
 * account, which stops after `limit` matches instead of sorting every account's share.
 */
export function outboxReadForAccountsSql(
  { table, alias, columns, join = '' }: OutboxStream,
  accounts: number,
): string {
  const after = `(${alias}.outbox_tx, ${alias}.id) > ($2::xid8, $3::bigint) AND ${belowHorizon(alias)}`;
  const order = `ORDER BY ${alias}.outbox_tx, ${alias}.id`;
  if (accounts <= PER_ACCOUNT_MAX)
    return `SELECT ${columns}
             FROM unnest($1::uuid[]) AS a(id)
             CROSS JOIN LATERAL (
               SELECT * FROM ${table} ${alias} WHERE ${alias}.account_id = a.id AND ${after} ${order} LIMIT $4
             ) ${alias} ${join}
            ${order}
            LIMIT $4`;
  return `SELECT ${columns}
             FROM ${table} ${alias} ${join}
            WHERE ${alias}.account_id = ANY($1::uuid[]) AND ${after}
            ${order}
            LIMIT $4`;
}
