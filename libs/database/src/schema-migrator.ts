import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrateWithLock } from './migrate-with-lock';

export const RUN_MIGRATIONS = Symbol('RUN_MIGRATIONS');

/** Brings the schema up to date while the app initialises, before it serves anything. */
@Injectable()
export class SchemaMigrator implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUN_MIGRATIONS) private readonly enabled: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.enabled) await migrateWithLock(this.dataSource);
  }
}
