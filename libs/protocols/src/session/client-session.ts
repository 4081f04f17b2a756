import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { ConnectionLostError } from './connection-lost-error';
import { ExponentialBackoff } from './exponential-backoff';
import { LoginRejectedError } from './login-rejected-error';
import type {
  InboundClassification,
  MoSegment,
  OutboundRequest,
  ProtocolDriver,
  StatusReportInfo,
  SubmitOutcome,
  SubmitSegment,
} from './protocol-driver';
import { ACKNOWLEDGED, onceAck, type ReportAck } from './report-ack';
import { silentLogger, type ProtocolLogger } from './protocol-logger';
import { RequestWindow } from './request-window';
import { SessionClosedError } from './session-closed-error';
import { SubmitWithdrawnError } from './submit-withdrawn-error';
import { TokenBucket } from './token-bucket';

export type SessionState =
  'idle' | 'connecting' | 'logging-in' | 'ready' | 'disconnected' | 'closing' | 'closed';

export interface ClientSessionOptions<P> {
  /** Used in logs and errors, e.g. `cmpp-bj#0`. */
  name: string;
  host: string;
  port: number;
  driver: ProtocolDriver<P>;
  window?: number;
  /** Per-connection submits per second; 0 or undefined = unlimited. */
  tps?: number;
  requestTimeoutMs?: number;
  keepAliveIntervalMs?: number;
  keepAliveMaxMissed?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  logger?: ProtocolLogger;
  random?: () => number;
  /** Answer status reports only when the 'report' listener calls its ack (see ReportAck). */
  deferReportAck?: boolean;
  /** Answer inbound messages (MO) only when the 'message' listener calls its ack (see ReportAck). */
  deferInboundAck?: boolean;
}

export interface SessionStateChange {
  state: SessionState;
  detail?: string;
}

export interface SubmitResponseEvent {
  segment: SubmitSegment;
  outcome: SubmitOutcome;
}

export const SESSION_DEFAULTS = {
  window: 16,
  requestTimeoutMs: 30_000,
  keepAliveIntervalMs: 30_000,
  keepAliveMaxMissed: 3,
  reconnectInitialMs: 1_000,
  reconnectMaxMs: 60_000,
} as const;

interface Deferred {
  resolve(): void;
  reject(error: Error): void;
}

interface ReadyWaiter extends Deferred {
  detach(): void;
}

/**
 * One client connection to a carrier gateway, for any protocol a ProtocolDriver describes: login, sliding window,
 * TPS limit, keep-alive, reconnect with backoff and graceful close.
 *
 * Events: 'state' (SessionStateChange), 'submitResponse' (SubmitResponseEvent), 'report' (StatusReportInfo),
 * 'message' (MoSegment), 'loginRejected' (LoginRejectedError).
 */
export class ClientSession<P> extends EventEmitter {
  readonly name: string;
  private readonly host: string;
  private readonly port: number;
  private readonly driver: ProtocolDriver<P>;
  private readonly window: RequestWindow<P>;
  private readonly bucket: TokenBucket;
  private readonly backoff: ExponentialBackoff;
  private readonly log: ProtocolLogger;
  private readonly deferReportAck: boolean;
  private readonly deferInboundAck: boolean;
  private readonly requestTimeoutMs: number;
  private readonly keepAliveIntervalMs: number;
  private readonly keepAliveMaxMissed: number;
  private currentState: SessionState = 'idle';
  private socket: net.Socket | undefined;
  private loginKey: string | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private lastReceivedAt = 0;
  private missedKeepAlives = 0;
  private readonly probeKeys = new Set<string>();
  private logoutWaiter: { key: string; done(): void } | undefined;
  private readyWaiters: ReadyWaiter[] = [];
  private startWaiter: Deferred | undefined;
  private startPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;

  constructor(options: ClientSessionOptions<P>) {
    super();
    this.name = options.name;
    this.deferReportAck = options.deferReportAck ?? false;
    this.deferInboundAck = options.deferInboundAck ?? false;
    this.driver = options.driver;
    this.log = options.logger ?? silentLogger;
    const withdrawn = (reason: unknown) => new SubmitWithdrawnError(this.name, String(reason ?? 'aborted'));
    this.window = new RequestWindow<P>(options.window ?? SESSION_DEFAULTS.window, withdrawn);
    this.bucket = new TokenBucket({ ratePerSecond: options.tps, onAbort: withdrawn });
    this.requestTimeoutMs = options.requestTimeoutMs ?? SESSION_DEFAULTS.requestTimeoutMs;
    this.keepAliveIntervalMs = options.keepAliveIntervalMs ?? SESSION_DEFAULTS.keepAliveIntervalMs;
    this.keepAliveMaxMissed = options.keepAliveMaxMissed ?? SESSION_DEFAULTS.keepAliveMaxMissed;
    this.backoff = new ExponentialBackoff({
      initialMs: options.reconnectInitialMs ?? SESSION_DEFAULTS.reconnectInitialMs,
      maxMs: Math.max(
        options.reconnectMaxMs ?? SESSION_DEFAULTS.reconnectMaxMs,
        options.reconnectInitialMs ?? SESSION_DEFAULTS.reconnectInitialMs,
      ),
      random: options.random,
    });
    this.host = options.host;
    this.port = options.port;
  }

  get state(): SessionState {
    return this.currentState;
  }

  get protocol(): string {
    return this.driver.protocol;
  }

  isReady(): boolean {
    return this.currentState === 'ready';
  }

  /** Requests on the wire plus slots reserved for requests being written. */
  get inFlight(): number {
    return this.window.inFlight;
  }

  /** Requests waiting for login, a window slot or a TPS token. */
  get queued(): number {
    return this.window.queued + this.bucket.waiting + this.readyWaiters.length;
  }

  /** Age of the oldest submit on the wire without an answer (0 when none). */
  oldestPendingMs(now = Date.now()): number {
    return this.window.oldestPendingMs(now);
  }

  /** When the gateway last answered a request of ours (ms since the epoch, 0 never). */
  get lastAnsweredAt(): number {
    return this.window.lastSettledAt;
  }

  /** Connects and logs in; resolves on the first successful login, rejects with LoginRejectedError on refusal. */
  start(): Promise<void> {
    if (this.currentState === 'ready') return Promise.resolve();
    if (this.closePromise) return Promise.reject(new SessionClosedError(this.name));
    if (this.startPromise) return this.startPromise;
    this.startPromise = new Promise<void>((resolve, reject) => {
      this.startWaiter = { resolve, reject };
    });
    if (this.currentState === 'idle') this.connect();
    return this.startPromise;
  }

  nextConcatReference(): number {
    return this.driver.nextConcatReference();
  }

  supportsCoding(coding: SubmitSegment['coding']): boolean {
    return this.driver.supportsCoding(coding);
  }

  /**
   * Submits one segment, waiting for login, a window slot and a TPS token (backpressure) in the segment's priority
   * lane. Aborting `signal` before the segment is written withdraws it (SubmitWithdrawnError: nothing was sent).
   */
  async submit(segment: SubmitSegment, signal?: AbortSignal): Promise<SubmitOutcome> {
    let request: OutboundRequest<P> | undefined;
    const response = await this.send(
      (driver) => {
        request = driver.submit(segment);
        return request;
      },
      segment.priority,
      signal,
    );
    const outcome = this.driver.submitOutcome(response, request as OutboundRequest<P>);
    this.safeEmit('submitResponse', { segment, outcome } satisfies SubmitResponseEvent);
    return outcome;
  }

  /**
   * Sends a request built by the driver once a slot and token are available, and resolves with its response.
   * The request is built only at write time so sequence numbers follow wire order.
   */
  async send(
    build: (driver: ProtocolDriver<P>) => OutboundRequest<P>,
    priority?: number,
    signal?: AbortSignal,
  ): Promise<P> {
    for (;;) {
      if (!this.trySendSlot()) await this.waitForSendSlot(priority, signal);
      if (this.closePromise) {
        this.window.release();
        throw new SessionClosedError(this.name);
      }
      if (signal?.aborted) {
        this.window.release();
        throw new SubmitWithdrawnError(this.name, String(signal.reason ?? 'aborted'));
      }
      const socket = this.socket;
      if (this.currentState !== 'ready' || !socket) {
        this.window.release();
        continue;
      }
      let request: OutboundRequest<P>;
      let bytes: Buffer;
      try {
        request = build(this.driver);
        bytes = this.driver.encode(request.pdu);
      } catch (error) {
        this.window.release();
        throw error;
      }
      const response = this.window.track(request.key, this.requestTimeoutMs);
      this.writeBytes(socket, bytes);
      return response;
    }
  }

  /** Fast path: ready, a free slot and a token right now, so no promise hops are needed. */
  private trySendSlot(): boolean {
    if (this.currentState !== 'ready' || this.closePromise) return false;
    if (!this.window.tryAcquire()) return false;
    if (this.bucket.tryTake()) return true;
    this.window.release();
    return false;
  }

  private async waitForSendSlot(priority?: number, signal?: AbortSignal): Promise<void> {
    await this.whenReady(signal);
    await this.window.acquire(priority, signal);
    try {
      await this.bucket.take(priority, signal);
    } catch (error) {
      this.window.release();
      throw error;
    }
  }

  /**
   * Drops the connection now, e.g. when the gateway stopped answering: requests on the wire fail with
   * ConnectionLostError (the gateway may have them), and the session reconnects with backoff.
   */
  abortConnection(reason: string): void {
    if (this.socket) this.dropConnection(this.socket, reason);
  }

  /** Stops accepting requests, lets in-flight ones finish (or time out), logs out and closes. */
  close(): Promise<void> {
    if (!this.closePromise) this.closePromise = this.shutdown();
    return this.closePromise;
  }

  private async shutdown(): Promise<void> {
    const wasReady = this.currentState === 'ready';
    this.setState('closing');
    clearTimeout(this.reconnectTimer);
    const closed = new SessionClosedError(this.name);
    this.rejectReadyWaiters(closed);
    this.window.rejectWaiters(closed);
    this.bucket.cancelWaiters(closed);
    this.settleStart(closed);
    if (wasReady && this.socket) {
      await this.window.whenDrained();
      await this.logout();
    }
    await this.destroySocket('session closed');
    this.setState('closed');
  }

  private async logout(): Promise<void> {
    const socket = this.socket;
    if (!socket || !canWrite(socket)) return;
    const request = this.driver.logout();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.requestTimeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.logoutWaiter = { key: request.key, done };
      socket.once('close', done);
      this.write(socket, request.pdu);
    });
    this.logoutWaiter = undefined;
  }

  private destroySocket(reason: string): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise<void>((resolve) => {
      if (socket.destroyed) {
        this.onSocketClosed(socket, reason);
        resolve();
        return;
      }
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
  }

  private connect(): void {
    this.setState('connecting');
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    this.socket = socket;
    const reader = this.driver.createReader({
      onPdu: (pdu) => this.onPdu(socket, pdu),
      onError: (error) => this.dropConnection(socket, `garbage from peer: ${error.message}`),
    });
    socket.on('connect', () => this.beginLogin(socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        this.dropConnection(socket, `unreadable data: ${(error as Error).message}`);
      }
    });
    socket.on('error', (error) => this.log.warn({ session: this.name, err: error.message }, 'socket error'));
    socket.on('close', () => this.onSocketClosed(socket, 'socket closed'));
  }

  private beginLogin(socket: net.Socket): void {
    if (socket !== this.socket || this.closePromise) return;
    this.setState('logging-in');
    this.lastReceivedAt = Date.now();
    const request = this.driver.login();
    this.loginKey = request.key;
    this.loginTimer = setTimeout(
      () => this.dropConnection(socket, `no login response within ${this.requestTimeoutMs} ms`),
      this.requestTimeoutMs,
    );
    this.write(socket, request.pdu);
  }

  private onPdu(socket: net.Socket, pdu: P): void {
    if (socket !== this.socket) return;
    this.lastReceivedAt = Date.now();
    this.missedKeepAlives = 0;
    let classification: InboundClassification<P>;
    try {
      classification = this.driver.classify(pdu);
    } catch (error) {
      this.dropConnection(socket, `unusable PDU from peer: ${(error as Error).message}`);
      return;
    }
    this.handle(socket, classification, pdu);
  }

  private handle(socket: net.Socket, inbound: InboundClassification<P>, pdu: P): void {
    switch (inbound.kind) {
      case 'response':
        this.onResponse(socket, inbound.key, pdu);
        return;
      case 'keepAlive':
        this.write(socket, inbound.reply);
        return;
      case 'logout':
        // Once our side has ended (our own logout answered), a peer's logout gets no answer: the socket is done.
        if (!canWrite(socket)) return;
        this.write(socket, inbound.reply);
        this.log.info({ session: this.name }, 'peer logged out');
        socket.end();
        return;
      case 'report':
        this.emitReport(socket, inbound.report, inbound.reply);
        return;
      case 'message':
        this.emitInbound(socket, inbound.message, inbound.reply);
        return;
      case 'other':
        if (inbound.reply !== undefined) this.write(socket, inbound.reply);
        this.log.debug({ session: this.name, pdu: inbound.description }, 'ignored PDU from peer');
        return;
    }
  }

  private onResponse(socket: net.Socket, key: string, pdu: P): void {
    if (key === this.loginKey) {
      this.onLoginResponse(socket, pdu);
      return;
    }
    if (this.logoutWaiter?.key === key) {
      this.logoutWaiter.done();
      return;
    }
    if (this.window.settle(key, pdu) || this.probeKeys.delete(key)) return;
    this.log.debug({ session: this.name, key }, 'response matches no pending request');
  }

  private onLoginResponse(socket: net.Socket, pdu: P): void {
    clearTimeout(this.loginTimer);
    this.loginKey = undefined;
    const outcome = this.driver.loginOutcome(pdu);
    if (!outcome.ok) {
      const rejection = new LoginRejectedError(this.driver.protocol, outcome.status, outcome.detail);
      this.log.warn({ session: this.name, status: outcome.status, detail: outcome.detail }, 'login rejected');
      this.safeEmit('loginRejected', rejection);
      this.settleStart(rejection);
      this.dropConnection(socket, `login rejected (status ${outcome.status})`);
      return;
    }
    this.backoff.reset();
    this.startKeepAlive(socket);
    this.setState('ready');
    this.log.info({ session: this.name }, 'logged in');
    this.settleStart();
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) {
      waiter.detach();
      waiter.resolve();
    }
  }

  private startKeepAlive(socket: net.Socket): void {
    this.missedKeepAlives = 0;
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = setInterval(() => this.keepAliveTick(socket), this.keepAliveIntervalMs);
  }

  /** Probes only an idle link; after keepAliveMaxMissed unanswered probes the link is considered dead. */
  private keepAliveTick(socket: net.Socket): void {
    if (socket !== this.socket || socket.destroyed) return;
    if (Date.now() - this.lastReceivedAt < this.keepAliveIntervalMs) return;
    if (this.missedKeepAlives >= this.keepAliveMaxMissed) {
      this.dropConnection(socket, `${this.missedKeepAlives} keep-alive probes unanswered`);
      return;
    }
    const probe = this.driver.keepAlive();
    if (!probe) return;
    this.missedKeepAlives += 1;
    this.probeKeys.add(probe.key);
    this.write(socket, probe.pdu);
  }

  private dropConnection(socket: net.Socket, reason: string): void {
    if (socket !== this.socket) return;
    this.log.warn({ session: this.name, reason }, 'closing connection');
    this.onSocketClosed(socket, reason);
    socket.destroy();
  }

  private onSocketClosed(socket: net.Socket, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    clearTimeout(this.loginTimer);
    clearInterval(this.keepAliveTimer);
    this.loginKey = undefined;
    this.probeKeys.clear();
    this.logoutWaiter?.done();
    this.window.failPending(new ConnectionLostError(this.name, reason));
    if (this.closePromise) return;
    this.setState('disconnected', reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.backoff.next();
    this.log.info({ session: this.name, delayMs: delay, attempt: this.backoff.attempts }, 'reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.closePromise) this.connect();
    }, delay);
  }

  /** Settles the pending start() (if any); a later start() waits for the next login attempt. */
  private settleStart(error?: Error): void {
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    this.startPromise = undefined;
    if (error) waiter?.reject(error);
    else waiter?.resolve();
  }

  private whenReady(signal?: AbortSignal): Promise<void> {
    if (this.closePromise) return Promise.reject(new SessionClosedError(this.name));
    if (this.currentState === 'ready') return Promise.resolve();
    if (signal?.aborted) return Promise.reject(new SubmitWithdrawnError(this.name, String(signal.reason)));
    if (this.currentState === 'idle') this.connect();
    return new Promise<void>((resolve, reject) => {
      const abort = (): void => {
        this.readyWaiters = this.readyWaiters.filter((waiter) => waiter !== entry);
        reject(new SubmitWithdrawnError(this.name, String(signal?.reason ?? 'aborted')));
      };
      const entry: ReadyWaiter = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', abort),
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.readyWaiters.push(entry);
    });
  }

  private rejectReadyWaiters(error: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) {
      waiter.detach();
      waiter.reject(error);
    }
  }

  private write(socket: net.Socket, pdu: P): void {
    if (!canWrite(socket)) return;
    try {
      this.writeBytes(socket, this.driver.encode(pdu));
    } catch (error) {
      this.log.error({ session: this.name, err: (error as Error).message }, 'could not encode PDU');
    }
  }

  /** Coalesces everything written in one tick into one segment: many small PDUs otherwise cost a syscall each. */
  private writeBytes(socket: net.Socket, bytes: Buffer): void {
    if (!canWrite(socket)) return;
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(bytes);
  }

  private setState(state: SessionState, detail?: string): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.safeEmit('state', { state, detail } satisfies SessionStateChange);
  }

  /** A throwing listener must not tear down the protocol handler that emitted the event. */
  private emitReport(socket: net.Socket, report: StatusReportInfo, reply: P): void {
    if (!this.deferReportAck) {
      this.write(socket, reply);
      this.safeEmit('report', report, ACKNOWLEDGED);
      return;
    }
    this.safeEmit(
      'report',
      report,
      onceAck(() => socket === this.socket && canWrite(socket) && (this.write(socket, reply), true)),
    );
  }

  /** Like reports: with deferInboundAck the carrier gets its answer only once the listener stored the message. */
  private emitInbound(socket: net.Socket, message: MoSegment, reply: P): void {
    if (!this.deferInboundAck) {
      this.write(socket, reply);
      this.safeEmit('message', message, ACKNOWLEDGED);
      return;
    }
    this.safeEmit(
      'message',
      message,
      onceAck(() => socket === this.socket && canWrite(socket) && (this.write(socket, reply), true)),
    );
  }

  private safeEmit(event: string, payload: unknown, ack?: ReportAck): void {
    try {
      if (ack) this.emit(event, payload, ack);
      else this.emit(event, payload);
    } catch (error) {
      this.log.error({ session: this.name, event, err: (error as Error).message }, 'event listener threw');
    }
  }
}

/** Nothing is written on a socket once it is ended or destroyed (it would fail with `write after end`). */
function canWrite(socket: net.Socket): boolean {
  return !socket.destroyed && !socket.writableEnded;
}
