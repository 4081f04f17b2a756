import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import { APP_CONFIG, MetricsService, REDIS } from '@tongdao/platform';
import { ClickClassifier, ClickLog, LinkCacheBus } from '@tongdao/short-links';
import { CLICK_LOG } from '../clicks/click-log.tokens';
import { ClientAddress } from './client-address';
import { LinkResolver } from './link-resolver';
import { RedirectHandler } from './redirect-handler';

/** Wires the hot path: resolver with its caches and invalidation, and the request handler. */
@Injectable()
export class RedirectEdge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Redirector');
  readonly resolver: LinkResolver;
  readonly handler: RedirectHandler;
  private readonly bus: LinkCacheBus;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(CLICK_LOG) log: ClickLog,
    dataSource: DataSource,
    metrics: MetricsService,
  ) {
    const settings = config.shortLinks;
    this.resolver = new LinkResolver(
      dataSource,
      redis,
      new ShortLinkRepository(),
      new ShortDomainRepository(),
      {
        cacheTtlMs: settings.cacheTtlMs,
        cacheMax: settings.cacheMax,
        redisTtlSeconds: settings.redisTtlSeconds,
        hostsRefreshMs: 5_000,
        defaultDomain: settings.defaultDomain,
        clickIdParam: config.attribution.clickIdParam, // Issue 8b
      },
    );
    this.bus = new LinkCacheBus(redis, config.redis.keyPrefix);
    this.handler = new RedirectHandler(
      this.resolver,
      log,
      new ClickClassifier(),
      new ClientAddress(settings.trustedProxies),
      metrics.counter('tongdao_redirects_total', 'Redirector answers by outcome', ['outcome']),
      (error) => this.logger.error(`redirect failed: ${(error as Error).message}`),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe((notice) => this.resolver.onNotice(notice));
    await this.resolver.start((error) =>
      this.logger.warn(`short domains not loaded: ${(error as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.resolver.stop();
    await this.bus.close();
  }
}
