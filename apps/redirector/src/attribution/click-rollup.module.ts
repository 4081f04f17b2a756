import { Module } from '@nestjs/common';
import { ClickRollupListener } from './click-rollup.listener';

/** Issue 8b: click rollups, registered on the global ClickHooks of whichever process runs the click writer. */
@Module({ providers: [ClickRollupListener] })
export class ClickRollupModule {}
