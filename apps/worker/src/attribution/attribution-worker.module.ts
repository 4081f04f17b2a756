import { Module } from '@nestjs/common';
import { LinkFunnelConsumer } from './link-funnel.consumer';

/** Issue 8b: the link funnel's outbox consumer. */
@Module({ providers: [LinkFunnelConsumer], exports: [LinkFunnelConsumer] })
export class AttributionWorkerModule {}
