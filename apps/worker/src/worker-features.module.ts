import { Module } from '@nestjs/common';
import { AttributionWorkerModule } from './attribution/attribution-worker.module';
import { BillingWorkerModule } from './billing/billing-worker.module';
import { ComplianceWorkerModule } from './compliance/compliance-worker.module';
import { WorkerRepliesModule } from './replies/replies.module';
import { WebhookDeliveryModule } from './webhooks/webhook-delivery.module';

/**
 * The work that hangs off message status changes and must not slow dispatch: each feature module here provides
 * its outbox consumers (marked @AsOutboxConsumer()) and any background services of its own.
 */
@Module({
  imports: [
    BillingWorkerModule,
    WebhookDeliveryModule,
    WorkerRepliesModule,
    // Issue 8b: link funnel
    AttributionWorkerModule,
    // Issue 9b: automatic suppression and the release of held messages
    ComplianceWorkerModule,
  ],
})
export class WorkerFeaturesModule {}
