import { setMaxListeners } from 'node:events';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RoutingConfig } from '@tongdao/config';
import { SecretBox } from '@tongdao/platform';
import {
  CarrierChannel,
  ChannelStateEvent,
  createCarrierChannel,
  DeliveryReport,
  InboundSms,
  InvalidOutboundSmsError,
  ReportAck,
  SessionClosedError,
  SubmitResult,
} from '@tongdao/protocols';
import {
  BreakerOpenError,
  BreakerTransition,
  ChannelAttempt,
  ChannelBreaker,
  ChannelDefinition,
  ChannelLiveState,
  classifySubmit,
  ClusterRate,
  ConnectionLeases,
  DispatchMessage,
  flowControlCodesOf,
  toSessionConfig,
  transportChanged,
  verdictOf,
  WaitAbortedError,
} from '@tongdao/routing';
import { ChannelMetrics } from './channel-metrics';

export interface LiveChannelContext {
  redis: Redis;
  dispatcherId: string;
  routing: RoutingConfig;
  secrets: SecretBox;
  logger: Logger;
  metrics: ChannelMetrics;
  onReport(report: DeliveryReport, ack: ReportAck): void;
  onInbound(message: InboundSms, ack: ReportAck): void;
  /** Something changed that may let a waiting message go (a slot freed, a breaker closed). */
  onRoom(): void;
}

const TRANSITIONS_SHOWN = 10;
const CLAIM_AHEAD_FACTOR = 4;

/**
 * One channel inside this dispatcher: its carrier connections (as many as this process holds leases for), its
 * circuit breaker, its share of the cluster-wide TPS bucket, a stall watch, and an abort epoch that withdraws
 * every submit still queued (not written) when the channel fails or is replaced.
 */
export class LiveChannel {
  private carrier: CarrierChannel;
  private readonly retiring = new Set<CarrierChannel>();
  readonly breaker: ChannelBreaker;
  private readonly rate: ClusterRate;
  private readonly leases: ConnectionLeases;
  private readonly log: Logger;
  private flowCodes: ReadonlySet<number>;
  private epoch = newEpoch();
  private held = 0;
  private inFlight = 0;
  private second = 0;
  private sentThisSecond = 0;
  private sentLastSecond = 0;
  private closing = false;
  private replacing: Promise<void> = Promise.resolve();
  private readonly stallTimer: NodeJS.Timeout;
  private lastTick = Date.now();

  constructor(
    private current: ChannelDefinition,
    private readonly context: LiveChannelContext,
  ) {
    const { routing } = context;
    this.log = context.logger.child({ channel: current.id });
    this.flowCodes = flowControlCodesOf(current);
    this.breaker = new ChannelBreaker(current.id, routing.breaker);
    this.breaker.on('transition', (transition: BreakerTransition) => this.onTransition(transition));
    this.rate = new ClusterRate(
      context.redis,
      `routing:rate:${current.id}`,
      current.tps,
      { ...routing.aimd, minFraction: 0.05, decreaseCooldownMs: 500, burstMs: 100, fetchMs: 50 },
      (error) => this.log.warn({ err: error.message }, 'cluster TPS bucket unreachable; limiting locally'),
    );
    this.leases = new ConnectionLeases(
      context.redis,
      `routing:leases:${current.id}`,
      context.dispatcherId,
      routing.leaseTtlMs,
    );
    this.carrier = this.createCarrier(0);
    context.metrics.breaker(current.id, 'closed');
    const tickMs = Math.max(50, Math.min(250, Math.floor(this.stallTimeoutMs / 4)));
    this.stallTimer = setInterval(() => this.watchForStall(tickMs), tickMs);
    this.stallTimer.unref();
  }

  get id(): string {
    return this.current.id;
  }

  get definition(): ChannelDefinition {
    return this.current;
  }

  /** Takes this process's share of the connection leases and opens those connections. */
  async start(dispatchers: number): Promise<void> {
    await this.startListening();
    await this.syncLeases(dispatchers);
  }

  /** Starts the carrier (its SGIP receiver; its connections come with the leases). */
  private async startListening(): Promise<void> {
    try {
      await this.carrier.start();
    } catch (error) {
      // E.g. another dispatcher on this host already listens on the SGIP receiver port: reports then reach that
      // one (they are matched in the database), and this one can still submit.
      this.log.warn({ err: (error as Error).message }, 'channel inbound listener failed to start');
    }
  }

  /** Logged in, and its breaker admits submits. */
  healthy(): boolean {
    return !this.closing && this.breaker.canAdmit() && this.carrier.isReady();
  }

  /** Healthy with a free slot: may be offered a message now. */
  available(): boolean {
    return this.healthy() && this.inFlight < this.capacity();
  }

  /** Out of cluster TPS tokens for now: a message sent here waits for them. */
  throttled(): boolean {
    return !this.rate.hasRoom();
  }

  /** Messages this channel can take now, for claim planning: free slots, at most a second of its rate. */
  room(): number {
    if (!this.healthy()) return 0;
    if (this.breaker.state === 'half-open')
      return Math.max(0, this.context.routing.breaker.halfOpenProbes - this.inFlight);
    const limit = this.rate.snapshot().rate;
    const ceiling =
      limit === null ? this.capacity() : Math.min(this.capacity(), Math.max(1, Math.ceil(limit)));
    return Math.max(0, ceiling - this.inFlight);
  }

  /** What this channel can have on the wire at once while healthy (window × its connections here). */
  windowCapacity(): number {
    return this.healthy() ? this.current.window * this.carrier.connectionCount : 0;
  }

  /**
   * Messages this channel takes at once: four windows' worth per connection, so a claim round trip never leaves a
   * window idle. Beyond the window they wait in the session queue by priority, and are withdrawn if it fails.
   */
  private capacity(): number {
    return this.current.window * Math.max(1, this.carrier.connectionCount) * CLAIM_AHEAD_FACTOR;
  }

  /** One submit of one message on this channel; never throws. */
  async attempt(message: DispatchMessage, priority: number): Promise<ChannelAttempt> {
    const signal = this.epoch.signal;
    const labels = { channel: this.id, carrier: message.carrier ?? 'INTL', province: message.province ?? '' };
    this.inFlight += 1;
    try {
      await this.rate.take(Math.max(1, message.segments), priority, signal);
      const started = performance.now();
      let attempt: ChannelAttempt | undefined;
      await this.breaker.run(
        () =>
          this.carrier.submit(
            {
              reference: message.id,
              destination: message.phone,
              text: message.content,
              requestReport: true,
              sourceExtension: message.sourceExtension,
              priority,
            },
            { signal },
          ),
        (result: SubmitResult) => verdictOf((attempt = classifySubmit(result, this.flowCodes))),
      );
      this.context.metrics.submitLatency.observe(labels, (performance.now() - started) / 1000);
      return this.settle(attempt!, message.segments, labels);
    } catch (error) {
      return this.failure(error, labels);
    } finally {
      this.inFlight -= 1;
      this.context.onRoom();
    }
  }

  private settle(attempt: ChannelAttempt, segments: number, labels: Record<string, string>): ChannelAttempt {
    this.context.metrics.submits.inc({ ...labels, outcome: attempt.kind });
    if (attempt.kind === 'accepted' || attempt.kind === 'partial') this.countSent(segments);
    if (attempt.kind === 'throttled') {
      this.context.metrics.throttles.inc({ channel: this.id });
      void this.rate.throttle();
    }
    return attempt;
  }

  private failure(error: unknown, labels: Record<string, string>): ChannelAttempt {
    const detail = error instanceof Error ? error.message : String(error);
    let attempt: ChannelAttempt;
    if (
      error instanceof BreakerOpenError ||
      error instanceof WaitAbortedError ||
      error instanceof SessionClosedError
    )
      attempt = { kind: 'not-sent', detail };
    else if (error instanceof InvalidOutboundSmsError) attempt = { kind: 'rejected', resultCode: -1, detail };
    else {
      this.log.error({ err: detail }, 'unexpected submit failure; treating the message as possibly sent');
      attempt = { kind: 'ambiguous', detail };
    }
    this.context.metrics.submits.inc({ ...labels, outcome: attempt.kind });
    return attempt;
  }

  /** Applies a changed definition: routing and limits in place; endpoint or session changes with new connections. */
  async update(next: ChannelDefinition, dispatchers: number): Promise<void> {
    const before = this.current;
    this.current = next;
    this.flowCodes = flowControlCodesOf(next);
    this.rate.setCap(next.tps);
    if (transportChanged(before, next)) {
      this.log.info('channel transport changed; opening new connections and draining the old ones');
      this.replacing = this.replacing.then(() => this.replace(dispatchers));
      await this.replacing;
    } else if (before.connections !== next.connections) {
      await this.syncLeases(dispatchers);
    }
  }

  /**
   * New connections for new traffic; the old ones finish what they have on the wire. Submits still queued on the
   * old connections are withdrawn and re-routed. The leases move over once the old connections have closed, so
   * the cluster-wide connection count holds during the switch.
   */
  private async replace(dispatchers: number): Promise<void> {
    const old = this.carrier;
    this.carrier = this.createCarrier(0);
    this.abortEpoch('channel configuration changed');
    this.retiring.add(old);
    try {
      await old.close();
    } finally {
      this.retiring.delete(old);
    }
    if (this.closing) return;
    await this.startListening();
    await this.carrier.resize(this.held);
    await this.syncLeases(dispatchers);
  }

  /**
   * Holds this process's fair share of the channel's connections (all of them when alone) and runs that many.
   * Surplus connections drain before their leases go back.
   */
  async syncLeases(dispatchers: number): Promise<void> {
    if (this.closing) return;
    const limit = this.current.connections;
    const wanted = Math.max(1, Math.ceil(limit / Math.max(1, dispatchers)));
    try {
      if (wanted < this.held) {
        await this.carrier.resize(wanted);
        this.held = wanted;
      }
      const { held } = await this.leases.sync(wanted, limit);
      this.held = held;
      if (this.retiring.size === 0) await this.carrier.resize(held);
      this.context.metrics.connections.set({ channel: this.id, state: 'leased' }, held);
    } catch (error) {
      this.log.warn(
        { err: (error as Error).message },
        'connection leases unreachable; keeping current connections',
      );
    }
  }

  liveState(): ChannelLiveState {
    const stats = this.carrier.stats();
    this.rollSecond();
    const snapshot = this.rate.snapshot();
    this.context.metrics.connections.set({ channel: this.id, state: 'ready' }, stats.ready);
    this.context.metrics.inFlight.set({ channel: this.id }, this.inFlight);
    this.context.metrics.channelQueue.set({ channel: this.id }, stats.queued);
    if (snapshot.rate !== null) this.context.metrics.rateLimit.set({ channel: this.id }, snapshot.rate);
    return {
      channelId: this.id,
      breaker: {
        state: this.breaker.state,
        reason: this.breaker.reason,
        since: this.breaker.since.toISOString(),
        transitions: this.breaker.transitions().slice(-TRANSITIONS_SHOWN),
      },
      connections: { leased: this.held, ready: stats.ready },
      window: { inFlight: stats.inFlight, capacity: this.current.window * stats.connections },
      queued: stats.queued,
      tpsUsed: this.sentLastSecond,
      rate: { limit: snapshot.rate, throttled: snapshot.throttled },
      draining: this.retiring.size + stats.retiring,
    };
  }

  /** Drains in-flight submits, logs out, and gives the leases back. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.stallTimer);
    this.abortEpoch('channel closing');
    await this.replacing.catch(() => undefined);
    await Promise.all([this.carrier.close(), ...[...this.retiring].map((carrier) => carrier.close())]);
    this.rate.close();
    this.breaker.shutdown();
    await this.leases.release().catch(() => undefined);
  }

  private get stallTimeoutMs(): number {
    return this.current.stallTimeoutMs ?? this.context.routing.stallTimeoutMs;
  }

  /**
   * A gateway that stops answering (a black hole) is noticed within the stall timeout rather than the request
   * timeout: submits are on the wire and nothing at all has been answered for that long. The connections are
   * dropped (their submits become unconfirmed) and queued submits withdrawn, so everything moves on at once.
   */
  private watchForStall(tickMs: number): void {
    const now = Date.now();
    const lag = now - this.lastTick - tickMs;
    this.lastTick = now;
    // A blocked event loop delays answers we have in fact received: judge only on a punctual tick.
    if (lag > this.stallTimeoutMs / 2 || this.closing) return;
    const stats = this.carrier.stats(now);
    const silentMs = now - stats.lastAnsweredAt;
    if (stats.inFlight === 0 || stats.oldestPendingMs < this.stallTimeoutMs || silentMs < this.stallTimeoutMs)
      return;
    this.breaker.trip(`stalled: ${stats.inFlight} submits unanswered for ${stats.oldestPendingMs} ms`);
    this.carrier.dropConnections('gateway stopped answering');
  }

  private onTransition(transition: BreakerTransition): void {
    const { metrics } = this.context;
    metrics.breaker(this.id, transition.to);
    metrics.breakerTransitions.inc({ channel: this.id, from: transition.from, to: transition.to });
    const fields = { from: transition.from, to: transition.to, reason: transition.reason };
    if (transition.to === 'open') {
      this.log.warn(fields, 'circuit breaker opened');
      this.abortEpoch(`circuit breaker opened: ${transition.reason}`);
    } else {
      this.log.info(fields, `circuit breaker ${transition.to}`);
      this.context.onRoom();
    }
  }

  /** Withdraws every submit of this channel still waiting for a connection, a window slot or tokens. */
  private abortEpoch(reason: string): void {
    const previous = this.epoch;
    this.epoch = newEpoch();
    previous.abort(reason);
  }

  private createCarrier(connections: number): CarrierChannel {
    const carrier = createCarrierChannel(
      toSessionConfig(this.current, this.context.secrets, {
        connections,
        // Reports are answered only once stored (the receipt path), so a crash cannot lose one.
        deferReportAck: true,
        // Replies too: answered once stored (InboundReplyService).
        deferInboundAck: true,
        logger: this.log,
      }),
    );
    carrier.on('report', (report: DeliveryReport, ack: ReportAck) => this.context.onReport(report, ack));
    carrier.on('inbound', (message: InboundSms, ack: ReportAck) => this.context.onInbound(message, ack));
    carrier.on('state', (event: ChannelStateEvent) => this.onConnectionState(carrier, event));
    carrier.on('error', (error: Error) => this.log.warn({ err: error.message }, 'channel error'));
    return carrier;
  }

  private onConnectionState(carrier: CarrierChannel, event: ChannelStateEvent): void {
    this.log.info(
      { connection: event.connection, state: event.state, detail: event.detail },
      'channel connection state',
    );
    if (carrier !== this.carrier || this.closing) return;
    if (event.state === 'disconnected' && !carrier.isReady())
      this.breaker.trip(`connection lost: ${event.detail ?? 'disconnected'}`);
    else if (event.state === 'ready') {
      this.breaker.recovered('logged in again');
      this.context.onRoom();
    }
  }

  private countSent(segments: number): void {
    this.rollSecond();
    this.sentThisSecond += segments;
  }

  private rollSecond(): void {
    const second = Math.floor(Date.now() / 1000);
    if (second === this.second) return;
    this.sentLastSecond = second === this.second + 1 ? this.sentThisSecond : 0;
    this.sentThisSecond = 0;
    this.second = second;
  }
}

/** Every queued submit of the channel listens to the epoch's signal: many listeners are expected. */
function newEpoch(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
