import { Module } from '@nestjs/common';
import { AutoSuppressionStore } from '@tongdao/compliance-state';
import { AutoSuppressionConsumer } from './auto-suppression.consumer';
import { HeldMessageReleaser } from './held-message-releaser.service';

/** Issue 9b in the worker: automatic suppression from the outbox, and the release of HELD messages. */
@Module({
  providers: [
    { provide: AutoSuppressionStore, useValue: new AutoSuppressionStore() },
    AutoSuppressionConsumer,
    HeldMessageReleaser,
  ],
  exports: [AutoSuppressionConsumer, HeldMessageReleaser],
})
export class ComplianceWorkerModule {}
