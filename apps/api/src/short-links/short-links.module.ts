import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import { APP_CONFIG, REDIS } from '@tongdao/platform';
import { LinkCacheBus, ShortCodeGenerator } from '@tongdao/short-links';
import { AccountsModule } from '../accounts/accounts.module';
import { ShortDomainsController } from './short-domains.controller';
import { ShortDomainsService } from './short-domains.service';
import { ShortLinksController } from './short-links.controller';
import { ShortLinksService } from './short-links.service';
import { LINK_CACHE_BUS } from './short-links.tokens';

/**
 * Short domains and links (issue 8a). Exports the link repository (with the configured code generator) for modules
 * that mint links inside their own transactions.
 */
@Module({
  imports: [AccountsModule],
  controllers: [ShortDomainsController, ShortLinksController],
  providers: [
    ShortDomainRepository,
    {
      provide: ShortLinkRepository,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new ShortLinkRepository(new ShortCodeGenerator(config.shortLinks.codeLength)),
    },
    {
      provide: LINK_CACHE_BUS,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => new LinkCacheBus(redis, config.redis.keyPrefix),
    },
    ShortDomainsService,
    ShortLinksService,
  ],
  exports: [ShortLinkRepository, ShortDomainRepository, ShortLinksService, LINK_CACHE_BUS],
})
export class ShortLinksModule implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly domains: ShortDomainRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seeds the platform default short domain (idempotent; several API processes may boot at once). */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.domains.ensureDefault(manager, this.config.shortLinks.defaultDomain),
    );
  }
}
