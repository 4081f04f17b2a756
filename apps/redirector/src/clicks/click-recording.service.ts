import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { ClickRepository } from '@tongdao/database';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import {
  ClickClassifier,
  ClickEnricher,
  ClickHooks,
  ClickLog,
  ClickWriter,
  DatacenterRanges,
  IpGeoLookup,
  RedisClickLog,
} from '@tongdao/short-links';
import { CLICK_LOG } from './click-log.tokens';
import { PostgresClickStore } from './postgres-click-store';

export const CLICK_WRITER_ENABLED = Symbol('CLICK_WRITER_ENABLED');

/**
 * Runs the click writer in this process when configured (any number of processes may run one: they share the
 * consumer group). Its consumer name is unique per process start; a dead process's pending entries are claimed by
 * the others after SHORT_LINK_CLAIM_IDLE_MS.
 */
@Injectable()
export class ClickRecordingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ClickWriter');
  private writer?: ClickWriter;
  private sweep?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLICK_LOG) private readonly log: ClickLog,
    @Inject(CLICK_WRITER_ENABLED) private readonly enabled: boolean,
    private readonly dataSource: DataSource,
    private readonly hooks: ClickHooks,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const settings = this.config.shortLinks;
    const classifier = new ClickClassifier({
      datacenter: DatacenterRanges.withExtra(settings.datacenterCidrs),
      datacenterWindowMs: settings.datacenterWindowMs,
    });
    const stored = this.metrics.counter('tongdao_clicks_stored_total', 'Clicks committed to PostgreSQL');
    const replayed = this.metrics.counter(
      'tongdao_clicks_replayed_total',
      'Click log entries whose click was already stored (replays after a crash)',
    );
    this.writer = new ClickWriter(
      this.log,
      new PostgresClickStore(this.dataSource, new ClickRepository(), this.hooks),
      new ClickEnricher(classifier, new IpGeoLookup()),
      {
        consumer: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
        batchSize: settings.writerBatch,
        chunkSize: settings.writerChunk,
        blockMs: 500,
        claimIdleMs: settings.claimIdleMs,
        claimEveryMs: Math.max(1000, Math.floor(settings.claimIdleMs / 3)),
        onError: (error) => this.logger.error(`click batch failed, will retry: ${(error as Error).message}`),
        onBatch: ({ entries, inserted }) => {
          stored.inc(inserted);
          if (entries > inserted) replayed.inc(entries - inserted);
        },
      },
    );
    this.writer.start();
    if (this.log instanceof RedisClickLog) {
      const log = this.log;
      this.sweep = setInterval(() => void log.forgetIdleConsumers(3_600_000).catch(() => undefined), 600_000);
      this.sweep.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    await this.writer?.stop();
  }
}
