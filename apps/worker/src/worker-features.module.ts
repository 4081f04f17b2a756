import { Module } from '@nestjs/common';
import { BillingWorkerModule } from './billing/billing-worker.module';

/**
 * The work that hangs off message status changes and must not slow dispatch: each feature module here provides
 * its outbox consumers (marked @AsOutboxConsumer()) and any background services of its own.
 */
@Module({ imports: [BillingWorkerModule] })
export class WorkerFeaturesModule {}
