import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { systemDnsResolver } from '@tongdao/net-safety';
import { OutboxModule } from '../outbox/outbox.module';
import { ReplyWebhookStreamService } from './reply-webhook-stream.service';
import { ReportWebhookConsumer } from './report-webhook.consumer';
import { WebhookBacklogRepository } from './webhook-backlog.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WEBHOOK_DNS_RESOLVER } from './webhook-dns';
import { WebhookFanoutRepository } from './webhook-fanout.repository';
import { WebhookHttpClient } from './webhook-http-client';
import { WebhookMaintenanceService } from './webhook-maintenance.service';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSigningSecrets } from './webhook-signing-secrets';

/**
 * Webhooks in the worker: the report consumer (outbox) and the reply stream fan events out into the delivery
 * queue; the sender pool delivers them; maintenance keeps backlog metrics and dead-letter retention.
 */
@Module({
  imports: [OutboxModule],
  providers: [
    { provide: WEBHOOK_DNS_RESOLVER, useValue: systemDnsResolver },
    WebhookMetrics,
    WebhookFanoutRepository,
    ReportWebhookConsumer,
    ReplyWebhookStreamService,
    WebhookDeliveryRepository,
    WebhookHttpClient,
    WebhookSigningSecrets,
    WebhookDeliveryService,
    WebhookBacklogRepository,
    WebhookMaintenanceService,
  ],
  exports: [WebhookDeliveryService, ReplyWebhookStreamService],
})
export class WebhookDeliveryModule implements OnApplicationBootstrap {
  constructor(
    private readonly delivery: WebhookDeliveryService,
    private readonly replies: ReplyWebhookStreamService,
    private readonly maintenance: WebhookMaintenanceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.replies.start();
    this.delivery.start();
    this.maintenance.start();
  }
}
