import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { RoutingConfigRepository } from '@tongdao/database';
import { APP_CONFIG, REDIS, SecretBox } from '@tongdao/platform';
import type { DeliveryReport, InboundSms, ReportAck } from '@tongdao/protocols';
import {
  CHANNEL_PASSWORD_PURPOSE,
  ChannelDefinition,
  ChannelLiveState,
  ClaimRequest,
  ConfigChangeBus,
  DISPATCH_ROUTES,
  DispatchMessage,
  DispatchRoute,
  DispatchOutcome,
  LiveStateStore,
  MessageKind,
  QueueSample,
  ReceiptOutcome,
} from '@tongdao/routing';
import { ChannelFleet } from './channel-fleet';
import { ChannelMetrics } from './channel-metrics';
import { loadChannelSeed } from './channel-seed-source';
import { LiveChannel } from './live-channel';
import { ReceiptLearning } from './receipt-learning';

export type ReportListener = (report: DeliveryReport, ack: ReportAck) => void;
export type InboundListener = (message: InboundSms, ack: ReportAck) => void;
export type { ClaimRequest, DispatchMessage, DispatchOutcome, QueueSample, ReceiptOutcome };

/**
 * The dispatcher's carrier side. Channels and routes come from PostgreSQL (seeded from config/ at start) and
 * follow every change within seconds (Redis notice, version polling as the fallback). The claim loop asks
 * `claimPlan()` what to claim and hands each message to `dispatch()`, which routes, submits and fails over; the
 * receipt path feeds finalized outcomes back through `recordReceiptOutcome()` for learning.
 */
@Injectable()
export class ChannelPoolService {
  private readonly logger = new Logger(ChannelPoolService.name);
  private readonly reportListeners: ReportListener[] = [];
  private readonly inboundListeners: InboundListener[] = [];
  private readonly repository: RoutingConfigRepository;
  private readonly live: LiveStateStore;
  private readonly changes: ConfigChangeBus;
  private readonly learning: ReceiptLearning;
  private readonly fleet: ChannelFleet;
  private readonly timers: NodeJS.Timeout[] = [];
  private appliedVersion = 0;
  private reloading: Promise<void> = Promise.resolve();
  private reloadWanted = false;
  private queueSource: () => readonly QueueSample[] = () => [];
  private dispatchers = 1;
  private started = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
    dataSource: DataSource,
    private readonly metrics: ChannelMetrics,
    pino: PinoLogger,
  ) {
    const routing = config.routing;
    const log = pino.logger.child({ component: 'channels' });
    this.repository = new RoutingConfigRepository(dataSource);
    this.live = new LiveStateStore(redis);
    this.changes = new ConfigChangeBus(redis, config.redis.keyPrefix);
    this.learning = new ReceiptLearning(redis, routing, config.dispatcher.id, metrics, log);
    const secrets = new SecretBox(config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE);
    const context = {
      redis,
      dispatcherId: config.dispatcher.id,
      routing,
      secrets,
      logger: log,
      metrics,
      onReport: (report: DeliveryReport, ack: ReportAck) =>
        this.reportListeners.forEach((listener) => listener(report, ack)),
      onInbound: (message: InboundSms, ack: ReportAck) =>
        this.inboundListeners.forEach((listener) => listener(message, ack)),
      onRoom: () => this.fleet.room.notify(),
    };
    this.fleet = new ChannelFleet(
      (definition: ChannelDefinition) => new LiveChannel(definition, context),
      this.learning,
      metrics,
      {
        ambiguous: routing.ambiguousPolicy,
        ambiguousRetryMs: routing.ambiguousRetryMs,
        retry: { maxAttempts: config.dispatcher.maxAttempts, baseDelayMs: 2_000, maxDelayMs: 120_000 },
        busyRetryMs: 1_000,
      },
      log,
    );
  }

  onReport(listener: ReportListener): void {
    this.reportListeners.push(listener);
  }

  onInbound(listener: InboundListener): void {
    this.inboundListeners.push(listener);
  }

  /**
   * Seeds the channels table (from `seed`, else CHANNELS_FILE, else the simulator defaults), opens the channels
   * and starts following configuration changes. A channel that cannot log in yet keeps retrying in the background.
   */
  async start(seed?: unknown): Promise<void> {
    const file = loadChannelSeed(this.config, seed);
    const seeded = await this.repository.seed(file.channels, file.routes);
    if (seeded.inserted.length + seeded.updated.length > 0) {
      this.logger.log(
        { inserted: seeded.inserted, updated: seeded.updated },
        'channels seeded from configuration',
      );
      await this.changes.announce(seeded.version).catch(() => undefined);
    }
    await this.publishLiveState();
    this.dispatchers = await this.countDispatchers();
    await this.reload();
    await this.changes
      .listen(() => void this.reload())
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'no change notices; polling only'));
    const routing = this.config.routing;
    this.every(routing.reloadPollMs, () => this.reload());
    this.every(routing.statePublishMs, () => this.publishLiveState());
    this.every(Math.max(1_000, Math.floor(routing.leaseTtlMs / 3)), () => this.renewLeases());
    this.learning.start();
    this.started = true;
  }

  /** How many messages of each kind and network the healthy channels can take now (see ChannelFleet). */
  claimPlan(): ClaimRequest[] {
    return this.started ? this.fleet.claimPlan() : [];
  }

  /** Routes, submits and fails over; never rejects. */
  dispatch(message: DispatchMessage): Promise<DispatchOutcome> {
    return this.fleet.dispatch(message);
  }

  /** Submits the healthy channels of this dispatcher can have on the wire at once (window × connections). */
  windowCapacity(): number {
    return this.fleet.windowCapacity();
  }

  /** Routes some configured channel serves for this kind, healthy or not; the rest can never be sent. */
  servedRoutes(kind: MessageKind): DispatchRoute[] {
    return DISPATCH_ROUTES.filter((route) => route !== 'NONE' && this.fleet.serves(kind, route));
  }

  /** The receipt path's hook: a message reached its final status. */
  recordReceiptOutcome(outcome: ReceiptOutcome): void {
    this.learning.record(outcome);
  }

  /** Where the live state published for the operations API reads the dispatch queue's depth per kind and route. */
  setQueueSource(source: () => readonly QueueSample[]): void {
    this.queueSource = source;
  }

  liveStates(): ChannelLiveState[] {
    return this.fleet.liveStates();
  }

  /** Applies the stored configuration if it changed; concurrent calls coalesce into one more pass. */
  reload(): Promise<void> {
    this.reloadWanted = true;
    this.reloading = this.reloading.then(async () => {
      if (!this.reloadWanted) return;
      this.reloadWanted = false;
      try {
        const version = await this.repository.version();
        if (version === this.appliedVersion) return;
        const [channels, routes] = await Promise.all([this.repository.channels(), this.repository.routes()]);
        await this.fleet.apply(
          channels.map((stored) => stored.definition),
          routes.map((stored) => stored.rule),
          this.dispatchers,
        );
        this.appliedVersion = version;
        this.logger.log(
          { version, channels: channels.length, routes: routes.length },
          'routing configuration applied',
        );
      } catch (error) {
        this.logger.error(
          { err: (error as Error).message },
          'could not apply the routing configuration; will retry',
        );
      }
    });
    return this.reloading;
  }

  /** Drains in-flight submits on every channel, logs out, and leaves the cluster's registries. */
  async close(): Promise<void> {
    this.started = false;
    this.timers.splice(0).forEach((timer) => clearInterval(timer));
    await this.changes.close();
    await this.reloading.catch(() => undefined);
    await this.fleet.close();
    await this.learning.stop();
    await this.live.withdraw(this.config.dispatcher.id).catch(() => undefined);
  }

  private async publishLiveState(): Promise<void> {
    try {
      await this.live.publish(
        {
          dispatcherId: this.config.dispatcher.id,
          at: new Date().toISOString(),
          channels: this.fleet.liveStates(),
          queues: [...this.queueSource()],
        },
        Math.max(this.config.routing.statePublishMs * 3, 5_000),
      );
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not publish live channel state');
    }
  }

  private async renewLeases(): Promise<void> {
    this.dispatchers = await this.countDispatchers();
    await this.fleet.syncLeases(this.dispatchers);
  }

  private async countDispatchers(): Promise<number> {
    try {
      const ids = await this.live.dispatchers();
      return Math.max(1, new Set([...ids, this.config.dispatcher.id]).size);
    } catch {
      return this.dispatchers;
    }
  }

  private every(ms: number, work: () => Promise<unknown>): void {
    const timer = setInterval(() => void work(), ms);
    timer.unref();
    this.timers.push(timer);
  }
}
