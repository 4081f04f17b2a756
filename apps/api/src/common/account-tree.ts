import { queryRows, RowQueryRunner } from '@tongdao/database';
import { AccountScope } from './account-scope';

/** The ids of the scope's account and all its descendants (an indexed prefix match on the materialised path). */
export async function accountTreeIds(runner: RowQueryRunner, scope: AccountScope): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(runner, `SELECT id FROM accounts WHERE path LIKE $1`, [
    `${scope.path}%`,
  ]);
  return rows.map((row) => row.id);
}
