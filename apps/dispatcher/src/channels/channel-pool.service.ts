import { Inject, Injectable, Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Gauge } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService, SecretBox } from '@tongdao/platform';
import {
  CarrierChannel,
  ChannelConfig,
  createCarrierChannel,
  DeliveryReport,
  InboundSms,
  ReportAck,
} from '@tongdao/protocols';
import { MESSAGE_KINDS } from '@tongdao/lifecycle';
import {
  ClaimRequest,
  decideSubmit,
  DISPATCH_ROUTES,
  DispatchMessage,
  DispatchOutcome,
  DispatchRoute,
  MessageKind,
  RetryPolicy,
  RoutableChannel,
  RoutableMessage,
  routeMessage,
  SubmitAttempt,
} from '@tongdao/routing';
import { attemptFromError, attemptFromResult } from './submit-attempt';
import { ChannelDefinition } from './channel-definition';
import { CHANNEL_PASSWORD_PURPOSE } from './channel-password';
import { loadChannelDefinitions } from './load-channel-definitions';

interface LiveChannel {
  definition: ChannelDefinition;
  carrierChannel: CarrierChannel;
  inFlight: number;
}

export type ChannelAcquisition =
  { kind: 'channel'; live: LiveChannel } | { kind: 'busy' } | { kind: 'no-route' };

/** A message that found no ready channel with room waits this long before it is offered again. */
const BUSY_RETRY_MS = 250;
/**
 * Claimed messages per channel beyond its window: enough that a claim round trip never leaves a window idle. They
 * wait in the session queue by priority, so a later verification code still overtakes them.
 */
const CLAIM_AHEAD_FACTOR = 4;

export type ReportListener = (report: DeliveryReport, ack: ReportAck) => void;
export type InboundListener = (message: InboundSms) => void;

/** Owns the carrier connections: starts them, answers "which channel now?", and closes them draining. */
@Injectable()
export class ChannelPoolService {
  private readonly logger = new Logger(ChannelPoolService.name);
  private readonly channels = new Map<string, LiveChannel>();
  private readonly reportListeners: ReportListener[] = [];
  private readonly inboundListeners: InboundListener[] = [];
  private readonly inFlight: Gauge<'channel'>;
  private readonly retryPolicy: RetryPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
    private readonly pino: PinoLogger,
  ) {
    this.inFlight = metrics.gauge(
      'tongdao_channel_in_flight',
      'Messages handed to a channel and not yet answered',
      ['channel'],
    );
    this.retryPolicy = {
      maxAttempts: config.dispatcher.maxAttempts,
      baseDelayMs: 2_000,
      maxDelayMs: 120_000,
    };
  }

  onReport(listener: ReportListener): void {
    this.reportListeners.push(listener);
  }

  onInbound(listener: InboundListener): void {
    this.inboundListeners.push(listener);
  }

  /** Starts every channel; a channel that cannot log in yet keeps retrying in the background. */
  async start(definitions: ChannelDefinition[] = loadChannelDefinitions(this.config)): Promise<void> {
    const secrets = new SecretBox(this.config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE);
    for (const definition of definitions) {
      const carrierChannel = createCarrierChannel(this.toChannelConfig(definition, secrets));
      const live: LiveChannel = { definition, carrierChannel, inFlight: 0 };
      carrierChannel.on('report', (report: DeliveryReport, ack: ReportAck) =>
        this.reportListeners.forEach((listener) => listener(report, ack)),
      );
      carrierChannel.on('inbound', (message: InboundSms) =>
        this.inboundListeners.forEach((listener) => listener(message)),
      );
      carrierChannel.on('state', (state: { connection: number; state: string; detail?: string }) =>
        this.logger.log({ channel: definition.id, ...state }, 'channel connection state'),
      );
      carrierChannel.on('error', (error: Error) =>
        this.logger.warn({ channel: definition.id, err: error.message }, 'channel error'),
      );
      this.channels.set(definition.id, live);
      carrierChannel.start().catch((error: Error) => {
        this.logger.error({ channel: definition.id, err: error.message }, 'channel failed to start');
      });
    }
  }

  /**
   * How many messages of each kind and route the ready channels can take now. A route whose channels are all down
   * is absent, so its messages stay queued without being claimed.
   */
  claimPlan(): ClaimRequest[] {
    const channels = this.routableChannels().filter((channel) => channel.ready);
    const plan: ClaimRequest[] = [];
    for (const kind of MESSAGE_KINDS) {
      for (const route of DISPATCH_ROUTES) {
        const limit = channels
          .filter((channel) => serves(channel, kind, route))
          .reduce((sum, channel) => sum + Math.max(0, channel.capacity - channel.inFlight), 0);
        if (limit > 0) plan.push({ kind, route, limit });
      }
    }
    return plan;
  }

  /** Submits the ready channels can have on the wire at once (window × connections, summed). */
  windowCapacity(): number {
    return [...this.channels.values()]
      .filter((live) => live.carrierChannel.isReady())
      .reduce((sum, live) => sum + live.definition.window * live.definition.connections, 0);
  }

  /** Routes some configured channel serves for this kind, ready or not; the rest can never be sent. */
  servedRoutes(kind: MessageKind): DispatchRoute[] {
    const channels = this.routableChannels();
    return DISPATCH_ROUTES.filter((route) => channels.some((channel) => serves(channel, kind, route)));
  }

  /** Routes the message, submits it and says what became of it. Never rejects. */
  async dispatch(message: DispatchMessage): Promise<DispatchOutcome> {
    const acquired = this.acquire(message);
    const destination = `${message.carrier ?? 'international'} ${message.kind}`;
    if (acquired.kind === 'no-route') {
      return { kind: 'failed', errorCode: 'NO_ROUTE', detail: `no channel carries ${destination} messages` };
    }
    if (acquired.kind === 'busy') {
      return {
        kind: 'retry',
        delayMs: BUSY_RETRY_MS,
        errorCode: 'NO_CHANNEL_AVAILABLE',
        detail: `no ready channel for ${destination}`,
        attempted: false,
      };
    }
    const live = acquired.live;
    let attempt: SubmitAttempt;
    try {
      const result = await live.carrierChannel.submit({
        reference: message.id,
        destination: message.phone,
        text: message.content,
        requestReport: true,
        sourceExtension: message.sourceExtension,
        priority: MESSAGE_KINDS.indexOf(message.kind),
      });
      attempt = attemptFromResult(result);
    } catch (error) {
      attempt = attemptFromError(error);
    } finally {
      this.release(live);
    }
    const channelId = live.definition.id;
    const decision = decideSubmit(attempt, message.attempts, this.retryPolicy);
    if (decision.action === 'mark-submitted')
      return { kind: 'submitted', channelId, carrierMessageIds: decision.carrierMessageIds };
    if (decision.action === 'retry') return { kind: 'retry', ...decision, attempted: true, channelId };
    return { kind: 'failed', errorCode: decision.errorCode, detail: decision.detail, channelId };
  }

  /** Picks the channel for a message and reserves a slot on it, or says why there is none. */
  acquire(message: RoutableMessage): ChannelAcquisition {
    const decision = routeMessage(message, this.routableChannels());
    if (decision.kind !== 'channel') return decision;
    const live = this.channels.get(decision.channel.id)!;
    live.inFlight += 1;
    this.inFlight.set({ channel: live.definition.id }, live.inFlight);
    return { kind: 'channel', live };
  }

  release(live: LiveChannel): void {
    live.inFlight = Math.max(0, live.inFlight - 1);
    this.inFlight.set({ channel: live.definition.id }, live.inFlight);
  }

  /** Total free submit slots across ready channels: how much the dispatcher should claim. */
  freeCapacity(): number {
    return this.routableChannels()
      .filter((channel) => channel.ready)
      .reduce((sum, channel) => sum + Math.max(0, channel.capacity - channel.inFlight), 0);
  }

  /** Closes every channel gracefully: in-flight requests drain, then the sessions log out. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.channels.values()].map((live) => live.carrierChannel.close().catch(() => undefined)),
    );
    this.channels.clear();
  }

  private routableChannels(): RoutableChannel[] {
    return [...this.channels.values()].map(({ definition, carrierChannel, inFlight }) => ({
      id: definition.id,
      carriers: definition.carriers,
      international: definition.international,
      kinds: definition.kinds,
      priority: definition.priority,
      ready: carrierChannel.isReady(),
      inFlight,
      capacity: definition.window * definition.connections * CLAIM_AHEAD_FACTOR,
    }));
  }

  private toChannelConfig(definition: ChannelDefinition, secrets: SecretBox): ChannelConfig {
    const password = definition.passwordSealed
      ? secrets.open(definition.passwordSealed)
      : definition.password!;
    return {
      id: definition.id,
      protocol: definition.protocol,
      host: definition.host,
      port: definition.port,
      account: definition.account,
      password,
      spId: definition.spId,
      serviceId: definition.serviceId,
      sourceNumber: definition.sourceNumber,
      connections: definition.connections,
      window: definition.window,
      tps: definition.tps,
      requestTimeoutMs: definition.requestTimeoutMs,
      keepAliveIntervalMs: definition.keepAliveIntervalMs,
      destinationFormat: definition.destinationFormat,
      preferGbk: definition.preferGbk,
      concatReferenceBits: definition.concatReferenceBits,
      sgip: definition.sgip,
      // Reports are answered only once stored (ReceiptService), so a crash cannot lose one.
      deferReportAck: true,
      logger: this.pino.logger.child({ channel: definition.id }),
    };
  }
}

function serves(channel: RoutableChannel, kind: MessageKind, route: DispatchRoute): boolean {
  if (!channel.kinds.includes(kind)) return false;
  if (route === 'INTL') return channel.international;
  return route !== 'NONE' && channel.carriers.includes(route);
}

export type { LiveChannel };
