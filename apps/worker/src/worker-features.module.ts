import { Module } from '@nestjs/common';

/**
 * The work that hangs off message status changes and must not slow dispatch: each feature module here provides
 * its outbox consumers (marked @AsOutboxConsumer()) and any background services of its own.
 */
@Module({ imports: [] })
export class WorkerFeaturesModule {}
