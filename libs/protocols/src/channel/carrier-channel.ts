import { EventEmitter } from 'node:events';
import { buildWireSegments, TextEncodingError } from '@tongdao/sms';
import { ClientSession, type SessionStateChange } from '../session/client-session';
import { ConnectionLostError } from '../session/connection-lost-error';
import { LoginRejectedError } from '../session/login-rejected-error';
import { maskPhone } from '../session/mask-phone';
import type { MoSegment, StatusReportInfo, SubmitOutcome, SubmitSegment } from '../session/protocol-driver';
import { silentLogger, type ProtocolLogger } from '../session/protocol-logger';
import { RequestTimeoutError } from '../session/request-timeout-error';
import { ACKNOWLEDGED, type ReportAck } from '../session/report-ack';
import { SessionClosedError } from '../session/session-closed-error';
import { SubmitWithdrawnError } from '../session/submit-withdrawn-error';
import { defaultDestinationFormat, formatDestination, formatSource, toE164 } from './address-format';
import { chooseCarrierCoding } from './carrier-coding-choice';
import type {
  ChannelConfig,
  ChannelStateEvent,
  ChannelStats,
  DeliveryReport,
  InboundSms,
  OutboundSms,
  SegmentSubmitResult,
  SubmitResult,
} from './channel-config';
import { InboundAssembler, type AssembledInbound } from './inbound-assembler';
import { InvalidOutboundSmsError } from './invalid-outbound-sms-error';
import { maxSourceLength } from '../limits/protocol-field-limits';
import { createProtocolDriver } from './protocol-driver-factory';

/** Something besides the client sessions that feeds a channel inbound traffic (the SGIP receiver server). */
export interface InboundSource extends EventEmitter {
  readonly port: number;
  start(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_MO_REASSEMBLY_TIMEOUT_MS = 60_000;

/** A wire segment before the per-message addressing is attached. */
type ChannelSegment = Omit<SubmitSegment, 'destination' | 'source' | 'requestReport'>;

/**
 * One carrier channel: `connections` client sessions behind one submit() with backpressure, plus the reports and
 * inbound messages they (and an optional inbound source) receive.
 *
 * Events: 'report' (DeliveryReport), 'inbound' (InboundSms), 'state' (ChannelStateEvent).
 */
export class CarrierChannel extends EventEmitter {
  private sessions: Array<ClientSession<unknown>>;
  /** Sessions let go by `resize`, still finishing their in-flight requests. */
  private readonly retiring = new Set<ClientSession<unknown>>();
  private sessionCounter = 0;
  private readonly log: ProtocolLogger;
  private readonly assembler: InboundAssembler;
  private closing: Promise<void> | undefined;
  /** Segments handed to each session and not yet settled; counted synchronously so a burst spreads evenly. */
  private readonly assigned = new Map<ClientSession<unknown>, number>();

  constructor(
    private readonly config: ChannelConfig,
    private readonly inboundSource?: InboundSource,
  ) {
    super();
    this.log = config.logger ?? silentLogger;
    const count = Math.max(0, config.connections ?? 1);
    this.sessions = Array.from({ length: count }, () => this.createSession());
    this.assembler = new InboundAssembler(
      config.moReassemblyTimeoutMs ?? DEFAULT_MO_REASSEMBLY_TIMEOUT_MS,
      (message, ack) => this.emitInbound(message, ack),
      (error) => this.log.error({ channel: config.id, err: String(error) }, 'inbound listener threw'),
    );
    if (inboundSource) {
      inboundSource.on('report', (report: StatusReportInfo, ack: ReportAck) => this.emitReport(report, ack));
      inboundSource.on('message', (segment: MoSegment, ack?: ReportAck) => this.assembler.push(segment, ack));
    }
  }

  get id(): string {
    return this.config.id;
  }

  /** Port of the inbound listener (SGIP receiver), useful when it was configured as 0; undefined without one. */
  inboundPort(): number | undefined {
    return this.inboundSource?.port;
  }

  /** Opens every connection; resolves once one has logged in, rejects with LoginRejectedError on a refused login. */
  async start(): Promise<void> {
    if (this.inboundSource) await this.inboundSource.start();
    if (this.sessions.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      let failures = 0;
      for (const session of this.sessions) {
        session.start().then(resolve, (error: Error) => {
          failures += 1;
          if (error instanceof LoginRejectedError || failures === this.sessions.length) reject(error);
        });
      }
    });
  }

  /**
   * Sends one message on the least loaded connection, waiting for login, window and TPS in the lane of
   * `sms.priority`. Aborting `options.signal` withdraws segments not yet written (their result says `withdrawn`).
   */
  async submit(sms: OutboundSms, options: { signal?: AbortSignal } = {}): Promise<SubmitResult> {
    if (this.closing) throw new SessionClosedError(this.config.id);
    const destination = formatDestination(
      sms.destination,
      this.config.destinationFormat ?? defaultDestinationFormat(this.config.protocol),
    );
    const source = formatSource(
      this.config.sourceNumber + (this.config.extensionCode ?? ''),
      sms.sourceExtension,
      maxSourceLength(this.config.protocol),
    );
    const session = this.pickSession();
    const segments = this.segment(sms.text, session);
    this.log.debug(
      {
        channel: this.config.id,
        reference: sms.reference,
        to: maskPhone(destination),
        segments: segments.length,
      },
      'submitting',
    );
    this.assign(session, segments.length);
    const submitOne = (segment: ChannelSegment): Promise<SegmentSubmitResult> =>
      this.submitSegment(session, segment, destination, source, sms, options.signal);
    // Nearly every SMS is one segment: awaiting it directly saves Promise.all and its array per message.
    const results =
      segments.length === 1 ? [await submitOne(segments[0])] : await Promise.all(segments.map(submitOne));
    return { reference: sms.reference, ok: results.every((result) => result.ok), segments: results };
  }

  /** Never rejects: local failures become a failed SegmentSubmitResult. */
  private async submitSegment(
    session: ClientSession<unknown>,
    segment: ChannelSegment,
    destination: string,
    source: string,
    sms: OutboundSms,
    signal: AbortSignal | undefined,
  ): Promise<SegmentSubmitResult> {
    try {
      const outcome = await session.submit(
        {
          destination,
          source,
          coding: segment.coding,
          content: segment.content,
          udhi: segment.udhi,
          index: segment.index,
          total: segment.total,
          requestReport: sms.requestReport,
          priority: sms.priority,
        },
        signal,
      );
      return segmentResult(segment, outcome);
    } catch (error) {
      return failedSegment(segment.index, segment.total, error as Error);
    } finally {
      this.assign(session, -1);
    }
  }

  /** Connections this channel runs now (a resize's surplus, still draining, not counted). */
  get connectionCount(): number {
    return this.sessions.length;
  }

  isReady(): boolean {
    return this.sessions.some((session) => session.isReady());
  }

  stats(now = Date.now()): ChannelStats {
    let inFlight = 0;
    let queued = 0;
    let oldestPendingMs = 0;
    let lastAnsweredAt = 0;
    for (const session of this.sessions) {
      inFlight += session.inFlight;
      queued += session.queued;
      oldestPendingMs = Math.max(oldestPendingMs, session.oldestPendingMs(now));
      lastAnsweredAt = Math.max(lastAnsweredAt, session.lastAnsweredAt);
    }
    return {
      connections: this.sessions.length,
      ready: this.sessions.filter((session) => session.isReady()).length,
      inFlight,
      queued,
      oldestPendingMs,
      lastAnsweredAt,
      retiring: this.retiring.size,
    };
  }

  /**
   * Runs `count` connections: opens new ones, or lets the surplus go gracefully (no new submits; their in-flight
   * requests finish, then they log out). Resolves once the surplus has closed.
   */
  async resize(count: number): Promise<void> {
    if (this.closing) return;
    const target = Math.max(0, Math.floor(count));
    while (this.sessions.length < target) {
      const session = this.createSession();
      this.sessions.push(session);
      session
        .start()
        .catch((error: Error) =>
          this.log.warn(
            { channel: this.config.id, session: session.name, err: error.message },
            'connection failed to start',
          ),
        );
    }
    const surplus = this.sessions.slice(target);
    this.sessions = this.sessions.slice(0, target);
    await Promise.all(surplus.map((session) => this.retire(session)));
  }

  /** Drops every connection now (the gateway stopped answering); each reconnects with backoff. */
  dropConnections(reason: string): void {
    for (const session of this.sessions) session.abortConnection(reason);
  }

  /** Graceful: stops taking submits, lets in-flight requests finish, logs every connection out. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        await Promise.all([...this.sessions, ...this.retiring].map((session) => session.close()));
        await this.inboundSource?.close();
        this.assembler.close();
      })();
    }
    return this.closing;
  }

  private async retire(session: ClientSession<unknown>): Promise<void> {
    this.retiring.add(session);
    try {
      await session.close();
    } finally {
      this.retiring.delete(session);
    }
  }

  private createSession(): ClientSession<unknown> {
    const config = this.config;
    const index = this.sessionCounter++;
    const session = new ClientSession<unknown>({
      name: `${config.id}#${index}`,
      host: config.host,
      port: config.port,
      driver: createProtocolDriver(config, this.log),
      window: config.window,
      tps: config.tps,
      requestTimeoutMs: config.requestTimeoutMs,
      keepAliveIntervalMs: config.keepAliveIntervalMs,
      keepAliveMaxMissed: config.keepAliveMaxMissed,
      reconnectInitialMs: config.reconnectInitialMs,
      reconnectMaxMs: config.reconnectMaxMs,
      logger: this.log,
      deferReportAck: config.deferReportAck,
      deferInboundAck: config.deferInboundAck,
    });
    session.on('state', (change: SessionStateChange) =>
      this.emit('state', {
        connection: index,
        state: change.state,
        detail: change.detail,
      } satisfies ChannelStateEvent),
    );
    session.on('report', (report: StatusReportInfo, ack: ReportAck) => this.emitReport(report, ack));
    session.on('message', (segment: MoSegment, ack?: ReportAck) => this.assembler.push(segment, ack));
    return session;
  }

  /** The least loaded logged-in connection; if none is up, the least loaded one, whose submit waits for login. */
  private pickSession(): ClientSession<unknown> {
    if (this.sessions.length === 0) throw new SessionClosedError(`${this.config.id} (no connection leased)`);
    let best = this.sessions[0]!;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const session of this.sessions) {
      const score = (session.isReady() ? 0 : 1_000_000) + (this.assigned.get(session) ?? 0);
      if (score < bestScore) {
        best = session;
        bestScore = score;
      }
    }
    return best;
  }

  private assign(session: ClientSession<unknown>, delta: number): void {
    this.assigned.set(session, (this.assigned.get(session) ?? 0) + delta);
  }

  private segment(text: string, session: ClientSession<unknown>): ChannelSegment[] {
    if (typeof text !== 'string' || text.length === 0)
      throw new InvalidOutboundSmsError('text', 'must not be empty');
    const coding = chooseCarrierCoding(text, this.config.preferGbk ?? false, session.supportsCoding('GBK'));
    try {
      return buildWireSegments(text, {
        coding,
        reference: session.nextConcatReference(),
        referenceBits: this.config.concatReferenceBits ?? 8,
      }).map((segment): ChannelSegment => ({
        coding,
        content: segment.payload,
        udhi: segment.udh !== null,
        index: segment.index,
        total: segment.total,
      }));
    } catch (error) {
      if (error instanceof RangeError || error instanceof TextEncodingError) {
        throw new InvalidOutboundSmsError('text', error.message);
      }
      throw error;
    }
  }

  private emitReport(report: StatusReportInfo, ack: ReportAck = ACKNOWLEDGED): void {
    const event: DeliveryReport = {
      channelId: this.config.id,
      carrierMessageId: report.carrierMessageId,
      destination: toE164(report.destination),
      stat: report.stat,
      delivered: report.delivered,
      receivedAt: new Date(),
    };
    // Optional fields appear only when the report carried them.
    if (report.errorCode !== undefined) event.errorCode = report.errorCode;
    if (report.doneAt !== undefined) event.doneAt = report.doneAt;
    this.emitSafely('report', event, ack);
  }

  private emitInbound(message: AssembledInbound, ack: ReportAck): void {
    if (!message.complete) {
      this.log.warn(
        { channel: this.config.id, from: maskPhone(message.from) },
        'long inbound message incomplete',
      );
    }
    const event: InboundSms = {
      channelId: this.config.id,
      serviceNumber: this.config.sourceNumber + (this.config.extensionCode ?? ''),
      from: toE164(message.from),
      to: message.to,
      text: message.text,
      receivedAt: new Date(),
      complete: message.complete,
    };
    this.emitSafely('inbound', event, ack);
  }

  private emitSafely(event: string, payload: unknown, ack?: ReportAck): void {
    try {
      if (ack) this.emit(event, payload, ack);
      else this.emit(event, payload);
    } catch (error) {
      this.log.error(
        { channel: this.config.id, event, err: (error as Error).message },
        'channel listener threw',
      );
    }
  }
}

function segmentResult(segment: ChannelSegment, outcome: SubmitOutcome): SegmentSubmitResult {
  const result: SegmentSubmitResult = {
    index: segment.index,
    total: segment.total,
    ok: outcome.ok,
    resultCode: outcome.resultCode,
    retryable: outcome.retryable,
  };
  if (outcome.carrierMessageId !== undefined) result.carrierMessageId = outcome.carrierMessageId;
  return result;
}

/** Local failures: the first three are worth retrying (possibly elsewhere), anything else is a defect to surface. */
function failedSegment(index: number, total: number, error: Error): SegmentSubmitResult {
  const failure = { index, total, ok: false, resultCode: -1 };
  if (error instanceof ConnectionLostError) return { ...failure, retryable: true, error: 'connection_lost' };
  if (error instanceof RequestTimeoutError) return { ...failure, retryable: true, error: 'timeout' };
  if (error instanceof SessionClosedError) return { ...failure, retryable: true, error: 'channel_closed' };
  if (error instanceof SubmitWithdrawnError) return { ...failure, retryable: true, error: 'withdrawn' };
  return { ...failure, retryable: false, error: error.message };
}
