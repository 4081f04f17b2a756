import { Module } from '@nestjs/common';
import { NumberDataRepository } from './number-data.repository';
import { NumberDirectory } from './number-directory';

/**
 * Number intelligence for any process: the NumberDirectory (a NumberResolver kept fresh from PostgreSQL and
 * Redis) and the repository of the number-data tables. Needs the global DataSource, REDIS, APP_CONFIG and
 * MetricsService that every Tongdao app provides.
 */
@Module({
  providers: [NumberDataRepository, NumberDirectory],
  exports: [NumberDataRepository, NumberDirectory],
})
export class NumberDataModule {}
