import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OutboxCursorRepository } from './outbox-cursor.repository';
import { OutboxRunnerService } from './outbox-runner.service';

/** Runs the outbox consumers that feature modules provide (marked with @AsOutboxConsumer()). */
@Module({
  imports: [DiscoveryModule],
  providers: [OutboxCursorRepository, OutboxRunnerService],
  exports: [OutboxRunnerService, OutboxCursorRepository],
})
export class OutboxModule {}
