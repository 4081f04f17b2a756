import { Module } from '@nestjs/common';
import { ClickRollupModule } from '../../../redirector/src/attribution/click-rollup.module';
import { LinkFunnelConsumer } from './link-funnel.consumer';

/** Issue 8b: the link funnel's outbox consumer, and the click rollups when this worker runs a click writer. */
@Module({ imports: [ClickRollupModule], providers: [LinkFunnelConsumer], exports: [LinkFunnelConsumer] })
export class AttributionWorkerModule {}
