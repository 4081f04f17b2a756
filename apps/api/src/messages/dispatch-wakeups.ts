import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { MessageStatus } from '@tongdao/database/entities';
import { APP_CONFIG, REDIS } from '@tongdao/platform';
import { DispatchWakeupBus } from '@tongdao/routing';
import { NewMessageBatch } from './new-message-batch';

/** A failed notice is logged at most this often: polling covers it, and Redis being down is reported elsewhere. */
const ERROR_LOG_INTERVAL_MS = 60_000;

/** After a commit, tells idle dispatchers that messages due now are waiting (see DispatchWakeupBus). */
@Injectable()
export class DispatchWakeups implements OnApplicationShutdown {
  private readonly logger = new Logger(DispatchWakeups.name);
  private readonly bus: DispatchWakeupBus;
  private lastErrorLog = 0;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.bus = new DispatchWakeupBus(redis, config.redis.keyPrefix, (error) => this.failed(error));
  }

  /** Only for a committed batch; scheduled and held messages are not due, so nobody is woken for them. */
  committed(batch: NewMessageBatch): void {
    if (batch.status !== MessageStatus.Queued) return;
    const due = batch.held ? batch.held.some((hold) => !hold) : batch.messages.length > 0;
    if (due) this.bus.announce(batch.kind);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }

  private failed(error: unknown): void {
    if (Date.now() - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = Date.now();
    this.logger.warn(`dispatch wake-up notice not sent: ${(error as Error).message}`);
  }
}
