import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@tongdao/database';
import { OptOutListUnavailableError, OptOutRegistry } from './opt-out-registry';

/** How long a missing opt-out table is believed missing before looking again (migrations may add it). */
const RECHECK_MS = 60_000;

/**
 * Interim adapter until the compliance module (issue 9) is merged and its `addOptOut` is bound here: writes into
 * compliance's own `opt_outs` list (never a list of its own) exactly as its repository does, keeping the first
 * source and time of a number already listed. Without that table it says so (OptOutListUnavailableError).
 */
@Injectable()
export class OptOutTableRegistry implements OptOutRegistry {
  private tableSeenAt = 0;
  private missingSince = 0;

  constructor(private readonly dataSource: DataSource) {}

  async addOptOut(accountId: string, phone: string, source: string): Promise<boolean> {
    if (!(await this.tableExists())) throw new OptOutListUnavailableError();
    const rows = await queryRows<{ phone: string }>(
      this.dataSource,
      `INSERT INTO opt_outs (account_id, phone, source) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, phone) DO NOTHING RETURNING phone`,
      [accountId, phone, source],
    );
    return rows.length === 1;
  }

  private async tableExists(): Promise<boolean> {
    if (this.tableSeenAt > 0) return true;
    if (this.missingSince > 0 && Date.now() - this.missingSince < RECHECK_MS) return false;
    const [row] = await queryRows<{ exists: boolean }>(
      this.dataSource,
      `SELECT to_regclass('opt_outs') IS NOT NULL AS exists`,
    );
    if (row?.exists) this.tableSeenAt = Date.now();
    else this.missingSince = Date.now();
    return Boolean(row?.exists);
  }
}
