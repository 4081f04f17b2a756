import { LedgerDraft, LedgerEntryType, Money, moneyFromDatabase } from '@tongdao/billing';
import { queryRows, RowQueryRunner } from '@tongdao/database/query-rows';

export interface LedgerEntry extends LedgerDraft {
  id: string;
  createdAt: Date;
}

interface LedgerRow {
  id: string;
  account_id: string;
  created_at: Date;
  type: LedgerEntryType;
  amount: string;
  reserved_delta: string;
  cause_type: LedgerDraft['causeType'];
  cause_id: string;
  messages: number | null;
  segments: number | null;
  actor_key_id: string | null;
  actor_account_id: string | null;
  note: string | null;
}

export interface LedgerFilter {
  types?: readonly LedgerEntryType[];
  causeId?: string;
  from?: Date;
  to?: Date;
  /** Entries with a smaller id (keyset pagination, newest first). */
  beforeId?: string;
}

/** The append-only ledger (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export class LedgerStore {
  async append(runner: RowQueryRunner, entries: readonly LedgerDraft[]): Promise<void> {
    if (entries.length === 0) return;
    await runner.query(
      `INSERT INTO ledger_entries (account_id, type, amount, reserved_delta, cause_type, cause_id, messages, segments,
                                   actor_key_id, actor_account_id, note)
       SELECT account_id, type, amount, reserved_delta, cause_type, cause_id, messages, segments,
              actor_key_id, actor_account_id, note
         FROM json_to_recordset($1::json) AS r(account_id uuid, type text, amount bigint, reserved_delta bigint,
              cause_type text, cause_id text, messages int, segments int, actor_key_id uuid, actor_account_id uuid,
              note text)`,
      [JSON.stringify(entries.map(toRecord))],
    );
  }

  async list(
    runner: RowQueryRunner,
    accountId: string,
    filter: LedgerFilter,
    limit: number,
  ): Promise<LedgerEntry[]> {
    const conditions = ['account_id = $1'];
    const parameters: unknown[] = [accountId];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (filter.types?.length) add((p) => `type = ANY(${p}::text[])`, filter.types);
    if (filter.causeId) add((p) => `cause_id = ${p}`, filter.causeId);
    if (filter.from) add((p) => `created_at >= ${p}`, filter.from);
    if (filter.to) add((p) => `created_at < ${p}`, filter.to);
    if (filter.beforeId) add((p) => `id < ${p}::bigint`, filter.beforeId);
    parameters.push(limit);
    const rows = await queryRows<LedgerRow>(
      runner,
      `SELECT id, account_id, created_at, type, amount, reserved_delta, cause_type, cause_id, messages, segments,
              actor_key_id, actor_account_id, note
         FROM ledger_entries WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(fromRow);
  }

  /** What the ledger says the balance and reserved amount are: sums over every entry of the account. */
  async sums(runner: RowQueryRunner, accountId: string): Promise<{ balance: Money; reserved: Money }> {
    const [row] = await queryRows<{ balance: string | null; reserved: string | null }>(
      runner,
      `SELECT sum(amount) AS balance, sum(reserved_delta) AS reserved FROM ledger_entries WHERE account_id = $1`,
      [accountId],
    );
    return { balance: moneyFromDatabase(row?.balance), reserved: moneyFromDatabase(row?.reserved) };
  }
}

function toRecord(entry: LedgerDraft) {
  return {
    account_id: entry.accountId,
    type: entry.type,
    amount: entry.amount,
    reserved_delta: entry.reservedDelta,
    cause_type: entry.causeType,
    cause_id: entry.causeId,
    messages: entry.messages,
    segments: entry.segments,
    actor_key_id: entry.actorKeyId,
    actor_account_id: entry.actorAccountId,
    note: entry.note,
  };
}

function fromRow(row: LedgerRow): LedgerEntry {
  return {
    id: String(row.id),
    createdAt: row.created_at,
    accountId: row.account_id,
    type: row.type,
    amount: moneyFromDatabase(row.amount),
    reservedDelta: moneyFromDatabase(row.reserved_delta),
    causeType: row.cause_type,
    causeId: row.cause_id,
    messages: row.messages,
    segments: row.segments,
    actorKeyId: row.actor_key_id,
    actorAccountId: row.actor_account_id,
    note: row.note,
  };
}
