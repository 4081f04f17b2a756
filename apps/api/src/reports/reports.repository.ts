import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxEvent, OutboxPosition, OutboxReader } from '@tongdao/database';
import { AccountScope } from '../common/account-scope';
import { accountTreeIds } from '../common/account-tree';

/** Status changes of one account tree, in outbox order. */
@Injectable()
export class ReportsRepository {
  private readonly reader = new OutboxReader();

  constructor(private readonly dataSource: DataSource) {}

  async readForTree(scope: AccountScope, after: OutboxPosition, limit: number): Promise<OutboxEvent[]> {
    const accounts = await accountTreeIds(this.dataSource, scope);
    return this.reader.readForAccounts(this.dataSource, accounts, after, limit);
  }
}
