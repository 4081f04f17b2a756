import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { systemDnsResolver } from '@tongdao/net-safety';
import { WEBHOOK_DNS_RESOLVER } from './webhook-dns';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSettingsRepository } from './webhook-settings.repository';
import { WebhookUrlPolicy } from './webhook-url.policy';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook settings, signing secrets, endpoint health and dead letters (delivery itself runs in the worker). */
@Module({
  imports: [AccountsModule],
  controllers: [WebhooksController],
  providers: [
    { provide: WEBHOOK_DNS_RESOLVER, useValue: systemDnsResolver },
    WebhookUrlPolicy,
    WebhookSettingsRepository,
    WebhookDeliveriesRepository,
    WebhooksService,
  ],
})
export class WebhooksModule {}
