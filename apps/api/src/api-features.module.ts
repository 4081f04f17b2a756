import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AttributionModule } from './attribution/attribution.module';
import { AuditModule } from './audit/audit.module';
import { BillingModule } from './billing/billing.module';
import { BillingStoreModule } from './billing/billing-store.module';
import { AuthModule } from './auth/auth.module';
import { ChannelsModule } from './channels/channels.module';
import { ComplianceModule } from './compliance/compliance.module';
import { MessagesModule } from './messages/messages.module';
import { NumbersModule } from './numbers/numbers.module';
import { RepliesModule } from './replies/replies.module';
import { ReportsModule } from './reports/reports.module';
import { SignaturesModule } from './signatures/signatures.module';
import { TemplatesModule } from './templates/templates.module';
import { WebhooksModule } from './webhooks/webhooks.module';
// Issue 8a: short links
import { ShortLinksModule } from './short-links/short-links.module';

/**
 * The HTTP API's own controllers and services. Expects the infrastructure to be provided globally:
 * APP_CONFIG, REDIS, a TypeORM DataSource and MetricsService (see ApiModule, or the all-in-one process).
 */
@Module({
  imports: [
    AuthModule,
    AccountsModule,
    SignaturesModule,
    TemplatesModule,
    MessagesModule,
    NumbersModule,
    // Issue 11: resellers
    AuditModule,
    BillingStoreModule,
    BillingModule,
    ChannelsModule,
    // Issue 7: reports, replies and webhooks
    ReportsModule,
    RepliesModule,
    WebhooksModule,
    // Issue 8a: short links
    ShortLinksModule,
    // Issue 8b: link analytics and conversions
    AttributionModule,
    // Issue 9a: compliance at acceptance
    ComplianceModule,
  ],
  exports: [AccountsModule],
})
export class ApiFeaturesModule {}
