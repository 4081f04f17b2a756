/** Anything that can run SQL: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface RowQueryRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * TypeORM's postgres driver answers UPDATE and DELETE statements (RETURNING or not) with
 * `[rows, affectedCount]` but SELECT and INSERT with the rows alone; this always gives the rows.
 */
export async function queryRows<T>(
  runner: RowQueryRunner,
  sql: string,
  parameters?: unknown[],
): Promise<T[]> {
  const result = await runner.query(sql, parameters);
  // A plain pg Client answers with a result object.
  if (
    result &&
    typeof result === 'object' &&
    !Array.isArray(result) &&
    Array.isArray((result as { rows?: unknown }).rows)
  )
    return (result as { rows: T[] }).rows;
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
