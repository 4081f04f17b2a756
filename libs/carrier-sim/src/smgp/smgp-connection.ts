import * as net from 'node:net';
import {
  SMGP_VERSION_30,
  SequenceGenerator,
  SmgpCodec,
  SmgpCommand,
  SmgpDeliver,
  SmgpLogin,
  SmgpLoginMode,
  SmgpPdu,
  SmgpStatusReport,
  SmgpSubmit,
  SmgpTlvTag,
  byteTlv,
  smgpAuthenticatorClient,
  smgpAuthenticatorServer,
} from '@tongdao/protocols';
import { CarrierDelivery, ReportDelivery } from '../gateways/carrier-delivery';
import { DeliverySink } from '../gateways/delivery-sink';
import { ConnectionContext, FramedConnection } from '../gateways/framed-connection';
import { fullTimestamp, reportTime } from '../util/report-time';
import type { SmgpGateway } from './smgp-gateway';

/**
 * Login_Resp Status values. The SMGP 3.0 error table is not available to this project, so these follow the
 * commonly quoted one (21 authentication, 22 version) and are simulator conventions rather than verified facts.
 */
const enum LoginStatus {
  Ok = 0,
  TooManyConnections = 2,
  AuthFailed = 21,
  VersionTooHigh = 22,
}

function reportError(stat: string): string {
  return stat === 'DELIVRD' ? '000' : '001';
}

/** The SMGW side of one SP connection. */
export class SmgpConnection extends FramedConnection<SmgpPdu> implements DeliverySink<CarrierDelivery> {
  account = '';
  private mode = SmgpLoginMode.Send;
  private submits = 0;
  private readonly sequence = new SequenceGenerator();
  private readonly unacknowledged = new Map<number, CarrierDelivery>();

  constructor(
    socket: net.Socket,
    codec: SmgpCodec,
    context: ConnectionContext,
    private readonly gateway: SmgpGateway,
  ) {
    super(socket, codec, context);
  }

  get canDeliver(): boolean {
    return this.loggedIn && this.isOpen && this.mode !== SmgpLoginMode.Send;
  }

  deliver(item: CarrierDelivery): boolean {
    const sequenceId = this.sequence.next();
    if (!this.send(this.deliverPdu(item, sequenceId))) return false;
    this.unacknowledged.set(sequenceId, item);
    this.gateway.countDelivered(item);
    return true;
  }

  protected keepAliveRequest(): SmgpPdu {
    return { commandId: SmgpCommand.ActiveTest, sequenceId: this.sequence.next() };
  }

  protected onClosed(): void {
    this.gateway.router.detach(this);
    const pending = [...this.unacknowledged.values()];
    this.unacknowledged.clear();
    for (const item of pending) this.gateway.router.route(this.account, item);
  }

  protected onPdu(pdu: SmgpPdu): void {
    if (pdu.commandId === SmgpCommand.Login) return this.login(pdu);
    if (!this.loggedIn) {
      this.context.logger.warn(
        { gateway: this.context.gateway, commandId: pdu.commandId },
        'SMGP command before login; closing',
      );
      return this.destroy();
    }
    switch (pdu.commandId) {
      case SmgpCommand.Submit:
        return this.submit(pdu);
      case SmgpCommand.ActiveTest:
        this.context.stats.keepAlivesAnswered += 1;
        this.send({ commandId: SmgpCommand.ActiveTestResp, sequenceId: pdu.sequenceId });
        return;
      case SmgpCommand.DeliverResp:
        if (this.unacknowledged.delete(pdu.sequenceId)) this.context.stats.reportsAcknowledged += 1;
        return;
      case SmgpCommand.Exit:
        this.send({ commandId: SmgpCommand.ExitResp, sequenceId: pdu.sequenceId });
        this.end();
        return;
      default:
        return;
    }
  }

  private login(pdu: SmgpLogin): void {
    const account = this.gateway.findAccount(pdu.clientId);
    const status = this.loginStatus(pdu);
    const secret = account?.secret ?? '';
    this.send({
      commandId: SmgpCommand.LoginResp,
      sequenceId: pdu.sequenceId,
      status,
      authenticatorServer: smgpAuthenticatorServer(status, pdu.authenticatorClient, secret),
      serverVersion: SMGP_VERSION_30,
    });
    if (status !== LoginStatus.Ok) {
      this.context.stats.loginsRejected += 1;
      this.context.logger.warn(
        { gateway: this.context.gateway, account: pdu.clientId, status },
        'SMGP login rejected',
      );
      this.end();
      return;
    }
    this.context.stats.loginsAccepted += 1;
    this.account = pdu.clientId;
    this.mode = pdu.loginMode;
    this.markLoggedIn();
    this.gateway.router.attach(this);
  }

  private loginStatus(pdu: SmgpLogin): LoginStatus {
    if (this.loggedIn) return LoginStatus.TooManyConnections;
    const account = this.gateway.findAccount(pdu.clientId);
    if (!account) return LoginStatus.AuthFailed;
    if (
      !smgpAuthenticatorClient(account.account, account.secret, pdu.timestamp).equals(pdu.authenticatorClient)
    ) {
      return LoginStatus.AuthFailed;
    }
    if (pdu.clientVersion > SMGP_VERSION_30) return LoginStatus.VersionTooHigh;
    if (
      this.gateway.router.connectionCount(account.account) >=
      this.context.engine.behaviour.maxConnectionsPerAccount
    ) {
      return LoginStatus.TooManyConnections;
    }
    return LoginStatus.Ok;
  }

  private submit(pdu: SmgpSubmit): void {
    this.submits += 1;
    let msgId: Buffer = Buffer.alloc(10);
    this.gateway.handleSubmit(this.submits, this, {
      accept: () => {
        msgId = this.gateway.msgIds.next();
        const submittedAt = this.gateway.clock();
        this.gateway.recordSubmit(this.account, pdu, msgId);
        return {
          wantsReport: pdu.needReport === 1,
          destinations: pdu.destTermIds,
          deliverReport: (destination, stat, doneAt) =>
            this.gateway.router.route(
              this.account,
              {
                kind: 'report',
                messageId: msgId,
                stat,
                destination,
                source: pdu.srcTermId,
                serviceId: pdu.serviceId,
                submittedAt,
                doneAt,
              },
              this,
            ),
        };
      },
      respond: (status) =>
        this.send({ commandId: SmgpCommand.SubmitResp, sequenceId: pdu.sequenceId, msgId, status }),
    });
  }

  private deliverPdu(item: CarrierDelivery, sequenceId: number): SmgpDeliver {
    const common = { commandId: SmgpCommand.Deliver as const, sequenceId, msgId: this.gateway.msgIds.next() };
    if (item.kind === 'mo') {
      return {
        ...common,
        isReport: 0,
        msgFormat: item.msgFmt,
        recvTime: fullTimestamp(this.gateway.clock()),
        srcTermId: item.from,
        destTermId: item.to,
        msgContent: item.content,
        tlvs: item.udhi ? [byteTlv(SmgpTlvTag.TpUdhi, 1)] : [],
      };
    }
    return {
      ...common,
      isReport: 1,
      msgFormat: 0,
      recvTime: fullTimestamp(item.doneAt),
      srcTermId: item.destination,
      destTermId: item.source,
      tlvs: [],
      report: this.reportBody(item),
    };
  }

  private reportBody(item: ReportDelivery): SmgpStatusReport {
    const delivered = item.stat === 'DELIVRD';
    return {
      msgId: item.messageId as Buffer,
      sub: '001',
      dlvrd: delivered ? '001' : '000',
      submitDate: reportTime(item.submittedAt),
      doneDate: reportTime(item.doneAt),
      stat: item.stat,
      err: reportError(item.stat),
      text: '',
    };
  }
}
