import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Suppression, SuppressionPort } from '@tongdao/compliance';
import { SuppressionLookup } from '@tongdao/compliance-state';

/** The platform blocklist, automatic suppressions and the account's opt-out list: one query per batch. */
@Injectable()
export class PostgresSuppressionPort implements SuppressionPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: SuppressionLookup,
  ) {}

  suppressed(accountId: string, phones: readonly string[]): Promise<Map<string, Suppression>> {
    return this.lookup.find(this.dataSource, accountId, phones);
  }
}
