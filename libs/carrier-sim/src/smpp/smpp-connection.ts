import * as net from 'node:net';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { DeliverySink } from '../gateways/delivery-sink';
import { ConnectionContext } from '../gateways/framed-connection';
import { reportTime } from '../util/report-time';
import { smpp, SMPP_MESSAGE_STATE, SmppPdu, SmppSession, SmppStatus } from './smpp-module';
import type { SmppGateway } from './smpp-gateway';
import { SmppLengthGuard } from './smpp-length-guard';
import { smppResponse } from './smpp-response';

type BindMode = 'transmitter' | 'receiver' | 'transceiver';

const IDLE_RECHECK_MS = 1000;
const LOGIN_TIMEOUT_MS = 60_000;

function receiptText(item: Extract<CarrierDelivery, { kind: 'report' }>): string {
  const delivered = item.stat === 'DELIVRD';
  return (
    `id:${item.messageId as string} sub:001 dlvrd:${delivered ? '001' : '000'} ` +
    `submit date:${reportTime(item.submittedAt)} done date:${reportTime(item.doneAt)} ` +
    `stat:${item.stat} err:${delivered ? '000' : '001'} text:`
  );
}

/** The SMSC side of one ESME session, on top of node-smpp's PDU parser. */
export class SmppConnection implements DeliverySink<CarrierDelivery> {
  account = '';
  private mode: BindMode | null = null;
  private submits = 0;
  private closed = false;
  private lastInboundAt = Date.now();
  private lastKeepAliveAt = 0;
  private readonly session: SmppSession;
  private readonly unacknowledged = new Map<number, CarrierDelivery>();
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private readonly loginTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly context: ConnectionContext,
    private readonly gateway: SmppGateway,
  ) {
    const guard = new SmppLengthGuard(gateway.config.maxFrameBytes);
    // Registered before node-smpp's parser so a bad length is caught before it can stall the session.
    socket.prependListener('data', (chunk: Buffer) => {
      const problem = guard.inspect(chunk);
      if (problem) this.rejectGarbage(new Error(problem));
    });
    this.session = new smpp.Session({ socket });
    this.session.on('pdu', (pdu: SmppPdu) => this.dispatch(pdu));
    this.session.on('error', (err: Error) => this.rejectGarbage(err));
    socket.once('close', () => this.handleClose());
    this.loginTimer = setTimeout(() => this.closeIfUnbound(), LOGIN_TIMEOUT_MS);
    this.loginTimer.unref();
    this.armKeepAlive();
  }

  get canDeliver(): boolean {
    return !this.closed && (this.mode === 'receiver' || this.mode === 'transceiver');
  }

  deliver(item: CarrierDelivery): boolean {
    const pdu = new smpp.PDU('deliver_sm', this.deliverOptions(item));
    if (!this.send(pdu)) return false;
    this.unacknowledged.set(pdu.sequence_number, item);
    this.gateway.countDelivered(item);
    return true;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private send(pdu: SmppPdu): boolean {
    if (this.closed || this.context.engine.blackHole) return false;
    return this.session.send(pdu);
  }

  private dispatch(pdu: SmppPdu): void {
    if (this.closed || this.context.engine.blackHole) return;
    this.lastInboundAt = Date.now();
    try {
      this.handle(pdu);
    } catch (err) {
      this.context.logger.error(
        { gateway: this.context.gateway, err: (err as Error).message },
        'SMPP handler failed',
      );
      this.destroy();
    }
  }

  private handle(pdu: SmppPdu): void {
    switch (pdu.command) {
      case 'bind_transmitter':
        return this.bind(pdu, 'transmitter');
      case 'bind_receiver':
        return this.bind(pdu, 'receiver');
      case 'bind_transceiver':
        return this.bind(pdu, 'transceiver');
      case 'submit_sm':
        return this.submit(pdu);
      case 'enquire_link':
        this.context.stats.keepAlivesAnswered += 1;
        this.send(pdu.response());
        return;
      case 'unbind':
        this.send(pdu.response());
        this.session.close();
        return;
      case 'deliver_sm_resp':
        if (this.unacknowledged.delete(pdu.sequence_number)) this.context.stats.reportsAcknowledged += 1;
        return;
      default:
        if (!pdu.isResponse()) this.send(pdu.response());
    }
  }

  private bind(pdu: SmppPdu, mode: BindMode): void {
    const status = this.bindStatus(pdu);
    this.send(smppResponse(pdu, status, { system_id: this.gateway.systemId }));
    if (status !== SmppStatus.OK) {
      this.context.stats.loginsRejected += 1;
      this.context.logger.warn(
        { gateway: this.context.gateway, account: pdu.system_id, status },
        'SMPP bind rejected',
      );
      if (status !== SmppStatus.ALREADY_BOUND) this.session.close();
      return;
    }
    this.context.stats.loginsAccepted += 1;
    this.account = pdu.system_id ?? '';
    this.mode = mode;
    clearTimeout(this.loginTimer);
    this.gateway.router.attach(this);
  }

  private bindStatus(pdu: SmppPdu): number {
    if (this.mode) return SmppStatus.ALREADY_BOUND;
    const account = this.gateway.findAccount(pdu.system_id ?? '');
    if (!account) return SmppStatus.INVALID_SYSTEM_ID;
    if (account.secret !== pdu.password) return SmppStatus.INVALID_PASSWORD;
    if (
      this.gateway.router.connectionCount(account.account) >=
      this.context.engine.behaviour.maxConnectionsPerAccount
    ) {
      return SmppStatus.BIND_FAILED;
    }
    return SmppStatus.OK;
  }

  private submit(pdu: SmppPdu): void {
    if (this.mode !== 'transmitter' && this.mode !== 'transceiver') {
      this.send(smppResponse(pdu, SmppStatus.INVALID_BIND_STATUS));
      return;
    }
    this.submits += 1;
    let messageId = '';
    this.gateway.handleSubmit(this.submits, this, {
      accept: () => {
        messageId = this.gateway.nextMessageId();
        const submittedAt = this.gateway.clock();
        const destination = pdu.destination_addr ?? '';
        this.gateway.recordSubmit(this.account, pdu, messageId);
        return {
          wantsReport: ((pdu.registered_delivery ?? 0) & 0x03) !== 0,
          destinations: [destination],
          deliverReport: (to, stat, doneAt) =>
            this.gateway.router.route(
              this.account,
              {
                kind: 'report',
                messageId,
                stat,
                destination: to,
                source: pdu.source_addr ?? '',
                serviceId: '',
                submittedAt,
                doneAt,
              },
              this,
            ),
        };
      },
      respond: (result) =>
        this.send(smppResponse(pdu, result, { message_id: result === 0 ? messageId : '' })),
    });
  }

  private deliverOptions(item: CarrierDelivery): Record<string, unknown> {
    if (item.kind === 'mo') {
      return {
        source_addr: item.from,
        destination_addr: item.to,
        esm_class: item.udhi ? smpp.ESM_CLASS.UDH_INDICATOR : 0,
        data_coding: item.msgFmt === 8 ? 8 : 1,
        short_message: item.content,
      };
    }
    return {
      source_addr: item.destination,
      destination_addr: item.source,
      esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
      data_coding: 1,
      short_message: Buffer.from(receiptText(item), 'latin1'),
      receipted_message_id: item.messageId,
      message_state: SMPP_MESSAGE_STATE[item.stat] ?? SMPP_MESSAGE_STATE.UNDELIV,
    };
  }

  private rejectGarbage(err: Error): void {
    if (this.closed || this.socket.destroyed) return;
    this.context.stats.garbageConnectionsClosed += 1;
    this.context.logger.warn(
      { gateway: this.context.gateway, err: err.message },
      'malformed SMPP input; closing connection',
    );
    this.destroy();
  }

  private closeIfUnbound(): void {
    if (this.mode || this.closed) return;
    this.context.logger.warn({ gateway: this.context.gateway }, 'no bind in time; closing');
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
    if (interval > 0 && this.mode && idle && !this.context.engine.blackHole) {
      if (this.send(new smpp.PDU('enquire_link'))) this.keepAliveSent();
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
    this.gateway.router.detach(this);
    const pending = [...this.unacknowledged.values()];
    this.unacknowledged.clear();
    for (const item of pending) this.gateway.router.route(this.account, item);
  }
}
