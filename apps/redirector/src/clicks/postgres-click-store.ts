import { DataSource } from 'typeorm';
import { ClickRepository } from '@tongdao/database';
import { ClickHooks, ClickRecord, ClickStore } from '@tongdao/short-links';

/** Commits a batch of clicks and whatever the `onClicksStored` listeners derive from it, in one transaction. */
export class PostgresClickStore implements ClickStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clicks: ClickRepository,
    private readonly hooks: ClickHooks,
  ) {}

  deliveredAt(messageIds: readonly string[]): Promise<Map<string, Date>> {
    return this.clicks.deliveredAt(this.dataSource, messageIds);
  }

  store(records: readonly ClickRecord[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await this.clicks.insertNew(manager, records);
      await this.hooks.clicksStored(inserted, manager);
      return inserted.length;
    });
  }
}
