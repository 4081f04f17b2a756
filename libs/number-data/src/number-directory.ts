import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import {
  builtinPrefixData,
  NumberInfo,
  NumberResolver,
  PortabilityOverridesBuilder,
  PrefixLayer,
  PrefixTable,
  PrefixTableStats,
} from '@tongdao/phone';
import { APP_CONFIG, MetricsService, REDIS } from '@tongdao/platform';
import { NumberDataRepository } from './number-data.repository';
import { NumberDataRevisions } from './number-data.types';

/** A change feed longer than this is not replayed row by row: the whole list is reloaded and swapped instead. */
const MAX_INCREMENTAL_CHANGES = 50_000;
const PAGE = 10_000;

export interface NumberDirectoryStatus extends NumberDataRevisions {
  overrides: number;
  table: PrefixTableStats;
  builtinPrefixes: number;
  loadedAt: Date | null;
}

/**
 * Keeps this process's NumberResolver in step with PostgreSQL. Loads everything at start; afterwards a Redis
 * message (sent by whichever process changed the data) or, failing that, the periodic revision check triggers a
 * reload of what changed: a new prefix table is compiled aside and swapped in; override changes are replayed
 * (or the list reloaded and swapped when there are many). Lookups keep working on the old data meanwhile.
 */
@Injectable()
export class NumberDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  readonly resolver = new NumberResolver();
  private readonly logger = new Logger(NumberDirectory.name);
  private loaded: NumberDataRevisions = { prefixRevision: -1, overrideRevision: -1 };
  private loadedAt: Date | null = null;
  private builtinPrefixes = 0;
  private current: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis;
  private readonly channel: string;
  private readonly revisionGauge: Gauge<'part'>;
  private readonly overridesGauge: Gauge;
  private readonly reloads: Counter<'part' | 'result'>;

  constructor(
    private readonly repository: NumberDataRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.channel = `${redis.options.keyPrefix ?? ''}number-data:changed`;
    this.revisionGauge = metrics.gauge(
      'tongdao_number_data_revision',
      'Number data revision this process serves',
      ['part'],
    );
    this.overridesGauge = metrics.gauge(
      'tongdao_number_overrides',
      'Portability overrides this process holds',
    );
    this.reloads = metrics.counter('tongdao_number_data_reloads_total', 'Number data reloads', [
      'part',
      'result',
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    await this.subscribe();
    this.timer = setInterval(() => this.refreshInBackground(), this.config.numbers.refreshIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** For an 11-digit national number; allocates nothing. */
  resolve(national: string): NumberInfo {
    return this.resolver.resolve(national);
  }

  /** Also for E.164 (+8613800138000), the form messages store. */
  resolveNumber(number: string): NumberInfo {
    return this.resolver.resolveNumber(number);
  }

  status(): NumberDirectoryStatus {
    return {
      ...this.loaded,
      overrides: this.resolver.overrides.size,
      table: this.resolver.prefixTable.stats,
      builtinPrefixes: this.builtinPrefixes,
      loadedAt: this.loadedAt,
    };
  }

  /**
   * Brings this process up to date. A call made while a load runs gets one more load that starts after it, so a
   * caller that has just committed a change always sees it; concurrent callers share that one extra load.
   */
  refresh(): Promise<void> {
    if (!this.current) {
      this.current = this.load().finally(() => (this.current = null));
      return this.current;
    }
    this.queued ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
    return this.queued;
  }

  private refreshInBackground(): void {
    this.refresh().catch((error: Error) =>
      this.logger.error({ err: error.message }, 'number data reload failed; serving the previous data'),
    );
  }

  /** Tells every process (this one included) that the data changed. Missed messages are caught by polling. */
  async announce(): Promise<void> {
    await this.redis
      .publish(this.channel, 'changed')
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'number data change not announced'));
  }

  private async load(): Promise<void> {
    // The revisions are read first: data committed after this read is loaded again next time, never skipped.
    const revisions = await this.repository.revisions();
    if (revisions.prefixRevision !== this.loaded.prefixRevision)
      await this.loadPrefixes(revisions.prefixRevision);
    if (revisions.overrideRevision !== this.loaded.overrideRevision) await this.loadOverrides(revisions);
    this.loadedAt = new Date();
  }

  private async loadPrefixes(revision: number): Promise<void> {
    try {
      const stored = await this.repository.activeLayers();
      const layers = stored.map((row) => PrefixLayer.deserialize('imported', row.id, row.layer, row.regions));
      const builtin = stored[0]?.mode === 'replace' ? null : builtinPrefixData();
      const table = PrefixTable.compile(builtin ? [builtin.layer, ...layers] : layers);
      this.resolver.useTable(table);
      this.builtinPrefixes = builtin?.prefixes ?? 0;
      this.loaded.prefixRevision = revision;
      this.revisionGauge.set({ part: 'prefixes' }, revision);
      this.reloads.inc({ part: 'prefixes', result: 'ok' });
      this.logger.log({ revision, imports: stored.length, ...table.stats }, 'prefix data loaded');
    } catch (error) {
      this.reloads.inc({ part: 'prefixes', result: 'failed' });
      this.logger.error(
        { err: (error as Error).message },
        'prefix data reload failed; serving the previous data',
      );
      throw error;
    }
  }

  private async loadOverrides(revisions: NumberDataRevisions): Promise<void> {
    try {
      const incremental = this.loaded.overrideRevision >= 0 && (await this.replayOverrideChanges(revisions));
      if (!incremental) await this.reloadAllOverrides(revisions.overrideRevision);
      this.revisionGauge.set({ part: 'overrides' }, this.loaded.overrideRevision);
      this.overridesGauge.set(this.resolver.overrides.size);
      this.reloads.inc({ part: 'overrides', result: incremental ? 'incremental' : 'full' });
    } catch (error) {
      this.reloads.inc({ part: 'overrides', result: 'failed' });
      this.logger.error(
        { err: (error as Error).message },
        'override reload failed; serving the previous list',
      );
      throw error;
    }
  }

  /** Applies the change feed in one synchronous step; false when it is too long to be worth replaying. */
  private async replayOverrideChanges(revisions: NumberDataRevisions): Promise<boolean> {
    const changes = await this.repository.overrideChanges(
      this.loaded.overrideRevision,
      MAX_INCREMENTAL_CHANGES + 1,
    );
    if (changes.length > MAX_INCREMENTAL_CHANGES) return false;
    const overrides = this.resolver.overrides;
    for (const change of changes) overrides.set(change.phone, change.carrier);
    // Writers draw revisions under a lock, so having seen revision N means everything below N is visible too;
    // and the feed was read whole, after the state row.
    const last = changes[changes.length - 1]?.revision ?? 0;
    this.loaded.overrideRevision = Math.max(last, revisions.overrideRevision);
    return true;
  }

  private async reloadAllOverrides(revision: number): Promise<void> {
    const builder = new PortabilityOverridesBuilder();
    let after = '';
    for (;;) {
      const page = await this.repository.liveOverridesPage(after, PAGE);
      for (const row of page) builder.add(row.phone, row.carrier);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.phone;
    }
    this.resolver.useOverrides(builder.build());
    this.loaded.overrideRevision = revision;
    this.logger.log({ revision, overrides: builder.count }, 'portability overrides loaded');
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'number data subscription error; polling covers the gap'),
    );
    subscriber.on('message', () => this.refreshInBackground());
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }
}
