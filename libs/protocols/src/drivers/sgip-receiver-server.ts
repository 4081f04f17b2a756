import { timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { FrameReader } from '../core';
import { SgipCommand, SgipLoginType, createSgipCodec, type SgipBind, type SgipPdu } from '../sgip';
import { silentLogger, type ProtocolLogger } from '../session/protocol-logger';
import { classifySgipInbound } from './sgip-driver';
import { ACKNOWLEDGED, onceAck } from '../session/report-ack';

export interface SgipReceiverOptions {
  host: string;
  /** 0 picks a free port (tests); read it back from `port` after start(). */
  port: number;
  /** Credentials the SMG must present in its Bind (login type 2). */
  account: string;
  password: string;
  /** Connections silent for this long are closed; SMG links are short-lived by design (default 120 s). */
  idleTimeoutMs?: number;
  logger?: ProtocolLogger;
  /** Answer Report only when the 'report' listener calls its ack (see ReportAck). */
  deferReportAck?: boolean;
  /** Answer Deliver (MO) only when the 'message' listener calls its ack. */
  deferInboundAck?: boolean;
}

const BIND_OK = 0;
const BIND_ILLEGAL_LOGIN = 1;
const BIND_REPEATED = 2;
const BIND_BAD_LOGIN_TYPE = 4;
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The SP side of SGIP's reverse direction: the carrier's SMG connects to us (Bind login type 2) to deliver MO
 * messages and status reports. Emits 'report' (StatusReportInfo) and 'message' (MoSegment) like a ClientSession.
 */
export class SgipReceiverServer extends EventEmitter {
  private readonly codec = createSgipCodec();
  private readonly log: ProtocolLogger;
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;

  constructor(private readonly options: SgipReceiverOptions) {
    super();
    this.log = options.logger ?? silentLogger;
  }

  get port(): number {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : this.options.port;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.log.error({ err: error.message }, 'SGIP receiver server error'));
    this.log.info({ port: this.port }, 'SGIP receiver listening');
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.end();
    const forced = setTimeout(() => this.sockets.forEach((socket) => socket.destroy()), 1_000);
    await closed;
    clearTimeout(forced);
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    let bound = false;
    const reader = new FrameReader(this.codec, {
      onPdu: (pdu) => {
        try {
          bound = this.onPdu(socket, pdu, bound);
        } catch (error) {
          this.log.warn({ remote, err: (error as Error).message }, 'SGIP receiver: unusable PDU; closing');
          socket.destroy();
        }
      },
      onError: (error) => {
        this.log.warn({ remote, err: error.message }, 'SGIP receiver: garbage from peer; closing');
        socket.destroy();
      },
    });
    socket.setTimeout(this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => {
      this.log.info({ remote }, 'SGIP receiver: idle connection closed');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (error) =>
      this.log.debug({ remote, err: error.message }, 'SGIP receiver socket error'),
    );
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Returns whether the connection is bound after this PDU. */
  private onPdu(socket: net.Socket, pdu: SgipPdu, bound: boolean): boolean {
    if (pdu.commandId === SgipCommand.Bind) return this.onBind(socket, pdu, bound);
    if (!bound) {
      this.log.warn({ command: pdu.commandId }, 'SGIP receiver: request before Bind; closing');
      socket.destroy();
      return false;
    }
    const inbound = classifySgipInbound(pdu);
    switch (inbound.kind) {
      case 'report': {
        const reply = inbound.reply;
        if (this.options.deferReportAck) {
          this.emit(
            'report',
            inbound.report,
            onceAck(() => !socket.destroyed && (this.send(socket, reply), true)),
          );
        } else {
          this.send(socket, reply);
          this.emit('report', inbound.report, ACKNOWLEDGED);
        }
        break;
      }
      case 'message': {
        const reply = inbound.reply;
        if (this.options.deferInboundAck) {
          this.emit(
            'message',
            inbound.message,
            onceAck(() => !socket.destroyed && (this.send(socket, reply), true)),
          );
        } else {
          this.send(socket, reply);
          this.emit('message', inbound.message, ACKNOWLEDGED);
        }
        break;
      }
      case 'logout':
        this.send(socket, inbound.reply);
        socket.end();
        break;
      case 'other':
        if (inbound.reply) this.send(socket, inbound.reply);
        break;
      default:
        break;
    }
    return true;
  }

  private onBind(socket: net.Socket, bind: SgipBind, bound: boolean): boolean {
    const result = this.bindResult(bind, bound);
    this.send(socket, { commandId: SgipCommand.BindResp, sequence: bind.sequence, result });
    if (result === BIND_REPEATED) return true;
    if (result !== BIND_OK) {
      this.log.warn(
        { loginName: bind.loginName, loginType: bind.loginType, result },
        'SGIP receiver: Bind refused',
      );
      socket.end();
      return false;
    }
    return true;
  }

  private bindResult(bind: SgipBind, bound: boolean): number {
    if (bound) return BIND_REPEATED;
    if (bind.loginType !== SgipLoginType.SmgToSp) return BIND_BAD_LOGIN_TYPE;
    const ok =
      sameSecret(bind.loginName, this.options.account) &&
      sameSecret(bind.loginPassword, this.options.password);
    return ok ? BIND_OK : BIND_ILLEGAL_LOGIN;
  }

  private send(socket: net.Socket, pdu: SgipPdu): void {
    // An ended socket takes no answer: writing would fail with `write after end`.
    if (!socket.destroyed && !socket.writableEnded) socket.write(this.codec.encode(pdu));
  }
}
