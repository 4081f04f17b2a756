import * as net from 'node:net';
import { FrameReader, PduCodec, ProtocolDecodeError } from '@tongdao/protocols';
import { GatewayBehaviourEngine } from '../behaviour/gateway-behaviour-engine';
import { SimulatorLogger } from '../util/simulator-logger';
import { GatewayStats } from './gateway-stats';

export interface ConnectionContext {
  gateway: string;
  logger: SimulatorLogger;
  stats: GatewayStats;
  engine: GatewayBehaviourEngine;
}

const IDLE_RECHECK_MS = 1000;
/** Peers that never log in are cut off, as a real gateway frees the slot. */
const LOGIN_TIMEOUT_MS = 60_000;

function uncork(socket: net.Socket): void {
  socket.uncork();
}

/**
 * One server-side TCP connection speaking a length-prefixed carrier protocol. Malformed input closes the connection
 * with a log line; black-hole mode swallows everything; idle links get the simulator's own keep-alives.
 */
export abstract class FramedConnection<P> {
  protected loggedIn = false;
  private readonly reader: FrameReader<P>;
  private closed = false;
  private lastInboundAt = Date.now();
  private lastKeepAliveAt = 0;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    protected readonly socket: net.Socket,
    protected readonly codec: PduCodec<P>,
    protected readonly context: ConnectionContext,
  ) {
    this.reader = new FrameReader(codec, {
      onPdu: (pdu) => this.dispatch(pdu),
      onError: (err) => this.rejectGarbage(err),
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) =>
      this.context.logger.warn({ gateway: context.gateway, err: err.message }, 'socket error'),
    );
    socket.once('close', () => this.handleClose());
    this.loginTimer = setTimeout(() => this.closeIfNotLoggedIn(), LOGIN_TIMEOUT_MS);
    this.loginTimer.unref();
    this.armKeepAlive();
  }

  /** Open for writing: not closed, destroyed or ended (a write after end() fails with `write after end`). */
  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed && !this.socket.writableEnded;
  }

  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  send(pdu: P): boolean {
    if (!this.isOpen || this.context.engine.blackHole) return false;
    let frame: Buffer;
    try {
      frame = this.codec.encode(pdu);
    } catch (err) {
      this.context.logger.error(
        { gateway: this.context.gateway, err: (err as Error).message },
        'cannot encode PDU',
      );
      return false;
    }
    this.write(frame);
    return true;
  }

  /** Ends the connection after flushing what was written, e.g. after a failed login response. */
  end(): void {
    if (this.isOpen) this.socket.end();
  }

  /** Cuts the connection abruptly, like a carrier dropping the link. */
  destroy(): void {
    this.socket.destroy();
  }

  protected abstract onPdu(pdu: P): void;
  /** The protocol's link test request, or null when none should be sent. */
  protected abstract keepAliveRequest(): P | null;
  protected abstract onClosed(): void;

  protected markLoggedIn(): void {
    this.loggedIn = true;
    clearTimeout(this.loginTimer);
  }

  /**
   * Coalesces everything sent in one tick (the answers to a chunk of submits, a batch of due reports) into one
   * segment: with Nagle off, small PDUs otherwise cost a syscall and a TCP segment each. end() still flushes.
   */
  private write(frame: Buffer): void {
    if (this.socket.writableCorked === 0) {
      this.socket.cork();
      process.nextTick(uncork, this.socket);
    }
    this.socket.write(frame);
  }

  private receive(chunk: Buffer): void {
    if (this.context.engine.blackHole || this.closed) return;
    this.lastInboundAt = Date.now();
    this.reader.push(chunk);
  }

  private dispatch(pdu: P): void {
    if (this.closed) return;
    try {
      this.onPdu(pdu);
    } catch (err) {
      this.context.logger.error(
        { gateway: this.context.gateway, err: (err as Error).message },
        'PDU handler failed',
      );
      this.destroy();
    }
  }

  private rejectGarbage(err: ProtocolDecodeError): void {
    this.context.stats.garbageConnectionsClosed += 1;
    this.context.logger.warn(
      { gateway: this.context.gateway, remote: this.remote, err: err.message },
      'malformed frame; closing connection',
    );
    this.destroy();
  }

  private closeIfNotLoggedIn(): void {
    if (this.loggedIn || !this.isOpen) return;
    this.context.logger.warn(
      { gateway: this.context.gateway, remote: this.remote },
      'no login in time; closing',
    );
    this.destroy();
  }

  private armKeepAlive(): void {
    const interval = this.context.engine.behaviour.keepAliveIntervalMs;
    // Re-armed at most a second apart so a keep-alive interval changed at run time takes effect promptly.
    this.keepAliveTimer = setTimeout(
      () => this.keepAliveTick(),
      interval > 0 ? Math.min(interval, IDLE_RECHECK_MS) : IDLE_RECHECK_MS,
    );
    this.keepAliveTimer.unref();
  }

  private keepAliveTick(): void {
    if (this.closed) return;
    const interval = this.context.engine.behaviour.keepAliveIntervalMs;
    const now = Date.now();
    const idle = now - this.lastInboundAt >= interval && now - this.lastKeepAliveAt >= interval;
    if (interval > 0 && idle && this.loggedIn && !this.context.engine.blackHole) {
      const request = this.keepAliveRequest();
      if (request && this.send(request)) this.keepAliveSent();
    }
    this.armKeepAlive();
  }

  private keepAliveSent(): void {
    this.lastKeepAliveAt = Date.now();
    this.context.stats.keepAlivesSent += 1;
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.loginTimer);
    if (this.keepAliveTimer) clearTimeout(this.keepAliveTimer);
    this.context.stats.connectionClosed();
    this.onClosed();
  }
}
