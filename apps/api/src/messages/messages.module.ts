import { Module } from '@nestjs/common';
import { NumberDataModule } from '@tongdao/number-data';
import { AccountsModule } from '../accounts/accounts.module';
import { MessageLinksModule } from '../attribution/message-links.module';
import { BillingModule } from '../billing/billing.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { RepliesModule } from '../replies/replies.module';
import { SignaturesModule } from '../signatures/signatures.module';
import { TemplatesModule } from '../templates/templates.module';
import { DispatchWakeups } from './dispatch-wakeups';
import { MessageMetrics } from './message-metrics';
import { MessageQueryService } from './message-query.service';
import { MessageRepository } from './message.repository';
import { MessageSubmissionService } from './message-submission.service';
import { MessagesController } from './messages.controller';
import { SendContextModule } from './send-context.module';

@Module({
  imports: [
    AccountsModule,
    SignaturesModule,
    TemplatesModule,
    NumberDataModule,
    BillingModule,
    RepliesModule,
    MessageLinksModule, // Issue 8b
    ComplianceModule, // Issue 9a
    SendContextModule,
  ],
  controllers: [MessagesController],
  providers: [
    MessageRepository,
    IdempotencyRepository,
    MessageMetrics,
    MessageSubmissionService,
    MessageQueryService,
    DispatchWakeups,
  ],
})
export class MessagesModule {}
