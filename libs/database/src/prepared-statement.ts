import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, RowQueryRunner } from './query-rows';

/** A hot statement run often with different parameters: prepared once per connection, planned once. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name: `tongdao_${name}`, text };
}

/** Set on the pool options of data sources whose server keeps prepared statements per connection (real servers). */
export const PREPARED_STATEMENTS_OPTION = 'tongdaoPreparedStatements';

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement as a named prepared statement where the connection allows it, so PostgreSQL plans it once per
 * connection instead of on every call (planning a join over a partitioned table costs more than running it for a
 * small batch). The embedded server multiplexes every client onto one session, where names would collide; there
 * the statement runs unprepared.
 */
export async function runPrepared<T>(
  runner: RowQueryRunner,
  statement: PreparedStatement,
  parameters: unknown[],
): Promise<T[]> {
  const client = await preparedClient(runner);
  if (!client) return queryRows<T>(runner, statement.text, parameters);
  const result = await client.query({ name: statement.name, text: statement.text, values: parameters });
  return result.rows as T[];
}

async function preparedClient(runner: RowQueryRunner): Promise<PgQueryable | null> {
  const candidate = runner as Partial<EntityManager> & Partial<DataSource> & { connection?: DataSource };
  const dataSource: DataSource | undefined =
    candidate.connection && 'driver' in candidate.connection
      ? candidate.connection
      : 'driver' in candidate && candidate.driver
        ? (candidate as DataSource)
        : undefined;
  if (!dataSource) return null;
  const extra = (dataSource.options as { extra?: Record<string, unknown> }).extra;
  if (extra?.[PREPARED_STATEMENTS_OPTION] !== true) return null;
  const queryRunner = (runner as Partial<EntityManager>).queryRunner;
  if (queryRunner) return (await queryRunner.connect()) as PgQueryable;
  return (dataSource.driver as unknown as { master: PgQueryable }).master;
}
