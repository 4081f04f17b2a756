import * as net from 'node:net';
import {
  FrameReader,
  SgipCodec,
  SgipCommand,
  SgipLoginType,
  SgipPdu,
  SgipSequenceGenerator,
  formatSgipSequence,
  parseSgipSequence,
} from '@tongdao/protocols';
import { GatewayBehaviourEngine } from '../behaviour/gateway-behaviour-engine';
import { SgipReceiverTarget } from '../config/simulator-config';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { GatewayStats } from '../gateways/gateway-stats';
import { SimulatorLogger } from '../util/simulator-logger';
import { sgipErrorCode, sgipState } from './sgip-report-fields';

const WINDOW = 16;
const RECONNECT_MIN_MS = 200;
const RECONNECT_MAX_MS = 10_000;
/** SMG→SP links are short-lived: unbind once nothing has been sent for this long. */
const IDLE_UNBIND_MS = 10_000;
const BLACK_HOLE_RECHECK_MS = 500;

export interface SgipReportClientOptions {
  gateway: string;
  target: SgipReceiverTarget;
  codec: SgipCodec;
  sequences: SgipSequenceGenerator;
  engine: GatewayBehaviourEngine;
  stats: GatewayStats;
  logger: SimulatorLogger;
  maxBacklog: number;
}

/**
 * The SMG's outbound side of SGIP: connects to the SP's receiver server (Bind, login type 2) and sends Report and
 * Deliver there, with a window, reconnects, and resending of anything unacknowledged when a link drops.
 */
export class SgipReportClient {
  private readonly queue: CarrierDelivery[] = [];
  private readonly inFlight = new Map<string, CarrierDelivery>();
  private socket: net.Socket | null = null;
  private bound = false;
  private connecting = false;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SgipReportClientOptions) {
    this.options = { ...options };
  }

  get pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  enqueue(item: CarrierDelivery): void {
    if (this.stopped) return;
    if (this.pending >= this.options.maxBacklog) {
      this.options.logger.warn(
        { gateway: this.options.gateway },
        'SGIP report backlog full; dropping delivery',
      );
      return;
    }
    this.queue.push(item);
    this.updatePendingStat();
    this.pump();
  }

  /** Points future connections at another SP receiver; the current link, if any, is left to finish. */
  retarget(target: SgipReceiverTarget): void {
    this.options.target = target;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.socket?.destroy();
  }

  private pump(): void {
    if (this.stopped || this.queue.length === 0) return;
    if (this.options.engine.blackHole) return this.retryLater(BLACK_HOLE_RECHECK_MS);
    if (!this.socket) return this.connect();
    if (!this.bound) return;
    while (this.queue.length > 0 && this.inFlight.size < WINDOW)
      this.sendItem(this.queue.shift() as CarrierDelivery);
    this.updatePendingStat();
    this.armIdle();
  }

  private connect(): void {
    if (this.connecting) return;
    this.connecting = true;
    const { host, port } = this.options.target;
    const socket = net.connect({ host, port });
    this.socket = socket;
    const reader = new FrameReader(this.options.codec, {
      onPdu: (pdu) => this.onPdu(pdu),
      onError: (err) => {
        this.options.logger.warn(
          { gateway: this.options.gateway, err: err.message },
          'malformed frame from SP receiver',
        );
        socket.destroy();
      },
    });
    socket.setNoDelay(true);
    socket.on('connect', () => this.bind());
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (err) =>
      this.options.logger.warn({ gateway: this.options.gateway, err: err.message }, 'SP receiver link error'),
    );
    socket.once('close', () => this.onClose(socket));
  }

  private bind(): void {
    const { account, secret } = this.options.target;
    this.write({
      commandId: SgipCommand.Bind,
      sequence: this.options.sequences.next(),
      loginType: SgipLoginType.SmgToSp,
      loginName: account,
      loginPassword: secret,
    });
  }

  private onPdu(pdu: SgipPdu): void {
    switch (pdu.commandId) {
      case SgipCommand.BindResp:
        return this.onBindResp(pdu.result);
      case SgipCommand.ReportResp:
      case SgipCommand.DeliverResp:
        this.acknowledge(formatSgipSequence(pdu.sequence));
        return this.pump();
      case SgipCommand.Unbind:
        this.write({ commandId: SgipCommand.UnbindResp, sequence: pdu.sequence });
        this.socket?.end();
        return;
      default:
        return;
    }
  }

  private onBindResp(result: number): void {
    this.connecting = false;
    if (result !== 0) {
      this.options.logger.warn({ gateway: this.options.gateway, result }, 'SP receiver refused the SMG bind');
      this.socket?.destroy();
      return;
    }
    this.bound = true;
    this.failures = 0;
    this.pump();
  }

  private acknowledge(key: string): void {
    if (!this.inFlight.delete(key)) return;
    this.options.stats.reportsAcknowledged += 1;
    this.updatePendingStat();
  }

  private sendItem(item: CarrierDelivery): void {
    const sequence = this.options.sequences.next();
    this.inFlight.set(formatSgipSequence(sequence), item);
    if (item.kind === 'mo') {
      this.write({
        commandId: SgipCommand.Deliver,
        sequence,
        userNumber: item.from,
        spNumber: item.to,
        tpPid: 0,
        tpUdhi: item.udhi ? 1 : 0,
        messageCoding: item.msgFmt,
        messageContent: item.content,
      });
      this.options.stats.inboundSent += 1;
      return;
    }
    this.write({
      commandId: SgipCommand.Report,
      sequence,
      submitSequence: parseSgipSequence(item.messageId as string),
      reportType: 0,
      userNumber: item.destination,
      state: sgipState(item.stat),
      errorCode: sgipErrorCode(item.stat),
    });
    this.options.stats.reportsSent += 1;
  }

  private write(pdu: SgipPdu): void {
    if (!this.socket || this.socket.destroyed || this.socket.writableEnded) return;
    try {
      this.socket.write(this.options.codec.encode(pdu));
    } catch (err) {
      this.options.logger.error(
        { gateway: this.options.gateway, err: (err as Error).message },
        'cannot encode SGIP PDU',
      );
    }
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.unbindIfIdle(), IDLE_UNBIND_MS);
    this.idleTimer.unref();
  }

  private unbindIfIdle(): void {
    if (!this.bound || this.pending > 0) return;
    this.write({ commandId: SgipCommand.Unbind, sequence: this.options.sequences.next() });
    this.socket?.end();
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    const wasBound = this.bound;
    this.socket = null;
    this.bound = false;
    this.connecting = false;
    this.queue.unshift(...this.inFlight.values());
    this.inFlight.clear();
    if (this.stopped || this.queue.length === 0) return;
    if (!wasBound) this.failures += 1;
    this.retryLater(Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.failures, 6)));
  }

  private retryLater(delayMs: number): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delayMs);
    this.retryTimer.unref();
  }

  private updatePendingStat(): void {
    this.options.stats.reportsPending = this.pending;
  }
}
