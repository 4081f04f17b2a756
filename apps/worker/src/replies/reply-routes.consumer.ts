import {
  Inject,
  Injectable,
  Logger,
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { OutboxEvent } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { APP_CONFIG } from '@tongdao/platform';
import { AsOutboxConsumer, OutboxConsumer } from '../outbox/outbox-consumer';
import { ReplyRoutesRepository, SentMessage } from './reply-routes.repository';

const PURGE_INTERVAL_MS = 10 * 60_000;
const PURGE_SLICE = 10_000;

/** Remembers, from SUBMITTED events, which account last messaged each phone through each channel. */
@Injectable()
@AsOutboxConsumer()
export class ReplyRoutesConsumer
  implements OutboxConsumer, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly name = 'replies:routes';
  readonly startAt = 'now' as const;
  private readonly logger = new Logger(ReplyRoutesConsumer.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly routes: ReplyRoutesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(events: readonly OutboxEvent[], tx: EntityManager): Promise<void> {
    const sent: SentMessage[] = [];
    for (const event of events) {
      if (event.status !== MessageStatus.Submitted) continue;
      const channelId =
        typeof event.detail?.channel_id === 'string' ? event.detail.channel_id : event.channelId;
      if (!channelId) continue;
      sent.push({
        channelId,
        phone: event.phone,
        accountId: event.accountId,
        messageId: event.messageId,
        messageCreatedAt: event.messageCreatedAt,
        clientRef: event.clientRef,
        sentAt: event.occurredAt,
      });
    }
    await this.routes.record(tx, sent);
  }

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  private async purge(): Promise<void> {
    try {
      while (
        (await this.routes.purgeOlderThan(this.config.replies.lastMessageDays, PURGE_SLICE)) === PURGE_SLICE
      );
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'purging old reply routes failed');
    }
  }
}
