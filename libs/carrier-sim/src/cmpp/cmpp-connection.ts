import * as net from 'node:net';
import {
  CmppCodec,
  CmppCommand,
  CmppConnect,
  CmppDeliver,
  CmppPdu,
  CmppSubmit,
  SequenceGenerator,
  cmppAuthenticatorIsmg,
  cmppAuthenticatorSource,
} from '@tongdao/protocols';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { DeliverySink } from '../gateways/delivery-sink';
import { ConnectionContext, FramedConnection } from '../gateways/framed-connection';
import { reportTime } from '../util/report-time';
import type { CmppGateway } from './cmpp-gateway';

/** CMPP_CONNECT_RESP Status values. */
const enum ConnectStatus {
  Ok = 0,
  IllegalSource = 2,
  AuthFailed = 3,
  VersionTooHigh = 4,
  Other = 5,
}

/** The ISMG side of one SP connection. */
export class CmppConnection extends FramedConnection<CmppPdu> implements DeliverySink<CarrierDelivery> {
  account = '';
  private submits = 0;
  private readonly sequence = new SequenceGenerator();
  private readonly unacknowledged = new Map<number, CarrierDelivery>();

  constructor(
    socket: net.Socket,
    codec: CmppCodec,
    context: ConnectionContext,
    private readonly gateway: CmppGateway,
  ) {
    super(socket, codec, context);
  }

  get canDeliver(): boolean {
    return this.loggedIn && this.isOpen;
  }

  deliver(item: CarrierDelivery): boolean {
    const sequenceId = this.sequence.next();
    if (!this.send(this.deliverPdu(item, sequenceId))) return false;
    this.unacknowledged.set(sequenceId, item);
    this.gateway.countDelivered(item);
    return true;
  }

  protected keepAliveRequest(): CmppPdu {
    return { commandId: CmppCommand.ActiveTest, sequenceId: this.sequence.next() };
  }

  protected onClosed(): void {
    this.gateway.router.detach(this);
    const pending = [...this.unacknowledged.values()];
    this.unacknowledged.clear();
    for (const item of pending) this.gateway.router.route(this.account, item);
  }

  protected onPdu(pdu: CmppPdu): void {
    if (pdu.commandId === CmppCommand.Connect) return this.login(pdu);
    if (!this.loggedIn) return this.refuseBeforeLogin(pdu.commandId);
    switch (pdu.commandId) {
      case CmppCommand.Submit:
        return this.submit(pdu);
      case CmppCommand.ActiveTest:
        this.context.stats.keepAlivesAnswered += 1;
        this.send({ commandId: CmppCommand.ActiveTestResp, sequenceId: pdu.sequenceId });
        return;
      case CmppCommand.DeliverResp:
        if (this.unacknowledged.delete(pdu.sequenceId)) this.context.stats.reportsAcknowledged += 1;
        return;
      case CmppCommand.Terminate:
        this.send({ commandId: CmppCommand.TerminateResp, sequenceId: pdu.sequenceId });
        this.end();
        return;
      case CmppCommand.Query:
        this.send({
          ...this.gateway.queryTotals(pdu.time, pdu.queryType, pdu.queryCode),
          sequenceId: pdu.sequenceId,
        });
        return;
      case CmppCommand.Cancel:
        this.send({ commandId: CmppCommand.CancelResp, sequenceId: pdu.sequenceId, successId: 0 });
        return;
      default:
        return;
    }
  }

  private login(pdu: CmppConnect): void {
    if (this.loggedIn) return this.answerLogin(pdu, ConnectStatus.Other, '');
    const account = this.gateway.findAccount(pdu.sourceAddr);
    const status = this.loginStatus(pdu);
    this.answerLogin(pdu, status, account?.secret ?? '');
    if (status !== ConnectStatus.Ok) {
      this.context.stats.loginsRejected += 1;
      this.context.logger.warn(
        { gateway: this.context.gateway, account: pdu.sourceAddr, status },
        'CMPP login rejected',
      );
      this.end();
      return;
    }
    this.context.stats.loginsAccepted += 1;
    this.account = pdu.sourceAddr;
    this.markLoggedIn();
    this.gateway.router.attach(this);
  }

  private loginStatus(pdu: CmppConnect): ConnectStatus {
    const account = this.gateway.findAccount(pdu.sourceAddr);
    if (!account) return ConnectStatus.IllegalSource;
    const expected = cmppAuthenticatorSource(account.account, account.secret, pdu.timestamp);
    if (!expected.equals(pdu.authenticatorSource)) return ConnectStatus.AuthFailed;
    if (pdu.version > this.gateway.versionByte) return ConnectStatus.VersionTooHigh;
    if (
      this.gateway.router.connectionCount(account.account) >=
      this.context.engine.behaviour.maxConnectionsPerAccount
    ) {
      return ConnectStatus.Other;
    }
    return ConnectStatus.Ok;
  }

  private answerLogin(pdu: CmppConnect, status: ConnectStatus, secret: string): void {
    this.send({
      commandId: CmppCommand.ConnectResp,
      sequenceId: pdu.sequenceId,
      status,
      authenticatorIsmg: cmppAuthenticatorIsmg(status, pdu.authenticatorSource, secret, this.gateway.version),
      version: this.gateway.versionByte,
    });
  }

  private refuseBeforeLogin(commandId: number): void {
    this.context.logger.warn(
      { gateway: this.context.gateway, commandId },
      'CMPP command before login; closing',
    );
    this.destroy();
  }

  private submit(pdu: CmppSubmit): void {
    this.submits += 1;
    let msgId: Buffer = Buffer.alloc(8);
    this.gateway.handleSubmit(this.submits, this, {
      accept: () => {
        msgId = this.gateway.msgIds.next();
        const submittedAt = this.gateway.clock();
        this.gateway.recordSubmit(this.account, pdu, msgId);
        return {
          wantsReport: pdu.registeredDelivery === 1,
          destinations: pdu.destTerminalIds,
          deliverReport: (destination, stat, doneAt) =>
            this.gateway.router.route(
              this.account,
              {
                kind: 'report',
                messageId: msgId,
                stat,
                destination,
                source: pdu.srcId,
                serviceId: pdu.serviceId,
                submittedAt,
                doneAt,
              },
              this,
            ),
        };
      },
      respond: (result) =>
        this.send({ commandId: CmppCommand.SubmitResp, sequenceId: pdu.sequenceId, msgId, result }),
    });
  }

  /** Built as one literal per kind: this runs once per status report, so no spreads or optional-field merging. */
  private deliverPdu(item: CarrierDelivery, sequenceId: number): CmppDeliver {
    const msgId = this.gateway.msgIds.next();
    const v3 = this.gateway.version === 3;
    if (item.kind === 'mo') {
      return {
        commandId: CmppCommand.Deliver,
        sequenceId,
        msgId,
        destId: item.to,
        serviceId: '',
        tpPid: 0,
        tpUdhi: item.udhi ? 1 : 0,
        msgFmt: item.msgFmt,
        srcTerminalId: item.from,
        srcTerminalType: v3 ? 0 : undefined,
        registeredDelivery: 0,
        msgContent: item.content,
        linkId: v3 ? '' : undefined,
      };
    }
    return {
      commandId: CmppCommand.Deliver,
      sequenceId,
      msgId,
      destId: item.source,
      serviceId: item.serviceId,
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      srcTerminalId: item.destination,
      srcTerminalType: v3 ? 0 : undefined,
      registeredDelivery: 1,
      report: {
        msgId: item.messageId as Buffer,
        stat: item.stat,
        submitTime: reportTime(item.submittedAt),
        doneTime: reportTime(item.doneAt),
        destTerminalId: item.destination,
        smscSequence: sequenceId,
      },
      linkId: v3 ? '' : undefined,
    };
  }
}
