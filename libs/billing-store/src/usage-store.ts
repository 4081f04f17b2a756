import { moneyFromDatabase, UsageDelta } from '@tongdao/billing';
import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

export interface UsageRow {
  accountId: string;
  accountName: string;
  day: string;
  carrier: string;
  kind: string;
  province: string | null;
  messages: number;
  segments: number;
  delivered: number;
  failed: number;
  charged: number;
  revenue: number;
  cost: number;
}

export interface UsageQuery {
  /** Accounts whose rows are wanted: one account, or every account whose path starts with `subtreePath`. */
  accountId?: string;
  subtreePath?: string;
  fromDay: string;
  toDay: string;
  carrier?: string;
  kind?: string;
  province?: string;
}

interface Row {
  account_id: string;
  account_name: string;
  day: string;
  carrier: string;
  kind: string;
  province: string;
  messages: string;
  segments: string;
  delivered: string;
  failed: string;
  charged: string;
  revenue: string;
  cost: string;
}

/** Daily usage rollups, one row per account × day × carrier × kind × province, kept by settlement. */
export class UsageStore {
  async add(runner: RowQueryRunner, deltas: readonly UsageDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await runner.query(
      `INSERT INTO usage_daily AS u (account_id, day, carrier, kind, province, messages, segments, delivered, failed,
                                     charged, revenue, cost)
       SELECT account_id, day, carrier, kind, province, messages, segments, delivered, failed, charged, revenue, cost
         FROM json_to_recordset($1::json) AS r(account_id uuid, day date, carrier text, kind text, province text,
              messages bigint, segments bigint, delivered bigint, failed bigint, charged bigint, revenue bigint,
              cost bigint)
       ON CONFLICT (account_id, day, carrier, kind, province) DO UPDATE SET
         messages = u.messages + excluded.messages, segments = u.segments + excluded.segments,
         delivered = u.delivered + excluded.delivered, failed = u.failed + excluded.failed,
         charged = u.charged + excluded.charged, revenue = u.revenue + excluded.revenue, cost = u.cost + excluded.cost`,
      [
        JSON.stringify(
          deltas.map((delta) => ({
            account_id: delta.accountId,
            day: delta.day,
            carrier: delta.carrier,
            kind: delta.kind,
            province: delta.province,
            messages: delta.messages,
            segments: delta.segments,
            delivered: delta.delivered,
            failed: delta.failed,
            charged: delta.charged,
            revenue: delta.revenue,
            cost: delta.cost,
          })),
        ),
      ],
    );
  }

  async query(runner: RowQueryRunner, query: UsageQuery): Promise<UsageRow[]> {
    const conditions = ['u.day BETWEEN $1::date AND $2::date'];
    const parameters: unknown[] = [query.fromDay, query.toDay];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (query.accountId) add((p) => `u.account_id = ${p}`, query.accountId);
    if (query.subtreePath) add((p) => `a.path LIKE ${p}`, `${query.subtreePath}%`);
    if (query.carrier) add((p) => `u.carrier = ${p}`, query.carrier);
    if (query.kind) add((p) => `u.kind = ${p}`, query.kind);
    if (query.province !== undefined) add((p) => `u.province = ${p}`, query.province);
    const rows = await queryRows<Row>(
      runner,
      `SELECT u.account_id, a.name AS account_name, to_char(u.day, 'YYYY-MM-DD') AS day, u.carrier, u.kind, u.province, u.messages,
              u.segments, u.delivered, u.failed, u.charged, u.revenue, u.cost
         FROM usage_daily u JOIN accounts a ON a.id = u.account_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY a.path, u.day, u.carrier, u.kind, u.province`,
      parameters,
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      accountName: row.account_name,
      day: row.day,
      carrier: row.carrier,
      kind: row.kind,
      province: row.province === '' ? null : row.province,
      messages: Number(row.messages),
      segments: Number(row.segments),
      delivered: Number(row.delivered),
      failed: Number(row.failed),
      charged: moneyFromDatabase(row.charged),
      revenue: moneyFromDatabase(row.revenue),
      cost: moneyFromDatabase(row.cost),
    }));
  }
}
