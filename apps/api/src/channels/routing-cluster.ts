import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, REDIS } from '@tongdao/platform';
import { ConfigChangeBus, DeliveryStatsStore, DemotionStore, LiveStateStore } from '@tongdao/routing';

/** What the dispatchers share in Redis, as the API reads it (and the change notices it sends them). */
@Injectable()
export class RoutingCluster {
  readonly live: LiveStateStore;
  readonly stats: DeliveryStatsStore;
  readonly demotions: DemotionStore;
  readonly changes: ConfigChangeBus;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.live = new LiveStateStore(redis);
    this.stats = new DeliveryStatsStore(redis, {
      fineBucketMs: config.routing.learning.bucketMs,
      fineRetentionMs: Math.max(config.routing.learning.windowMs, 5 * 60_000),
    });
    this.demotions = new DemotionStore(redis);
    this.changes = new ConfigChangeBus(redis, config.redis.keyPrefix);
  }
}
