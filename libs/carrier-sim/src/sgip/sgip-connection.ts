import * as net from 'node:net';
import {
  SgipBind,
  SgipCodec,
  SgipCommand,
  SgipLoginType,
  SgipPdu,
  SgipSubmit,
  formatSgipSequence,
} from '@tongdao/protocols';
import { ConnectionContext, FramedConnection } from '../gateways/framed-connection';
import type { SgipGateway } from './sgip-gateway';

/** Bind_Resp Result values. */
const enum BindResult {
  Ok = 0,
  IllegalLogin = 1,
  RepeatedLogin = 2,
  TooManyConnections = 3,
  BadLoginType = 4,
}

/** The SMG side of one SP→SMG connection (login type 1); reports travel on the SMG's own outbound link. */
export class SgipConnection extends FramedConnection<SgipPdu> {
  account = '';
  private submits = 0;

  constructor(
    socket: net.Socket,
    codec: SgipCodec,
    context: ConnectionContext,
    private readonly gateway: SgipGateway,
  ) {
    super(socket, codec, context);
  }

  protected keepAliveRequest(): null {
    return null;
  }

  protected onClosed(): void {
    if (this.loggedIn) this.gateway.releaseConnection(this.account);
  }

  protected onPdu(pdu: SgipPdu): void {
    if (pdu.commandId === SgipCommand.Bind) return this.bind(pdu);
    if (!this.loggedIn) {
      this.context.logger.warn(
        { gateway: this.context.gateway, commandId: pdu.commandId },
        'SGIP command before bind; closing',
      );
      return this.destroy();
    }
    switch (pdu.commandId) {
      case SgipCommand.Submit:
        return this.submit(pdu);
      case SgipCommand.Unbind:
        this.send({ commandId: SgipCommand.UnbindResp, sequence: pdu.sequence });
        this.end();
        return;
      default:
        return;
    }
  }

  private bind(pdu: SgipBind): void {
    const result = this.bindResult(pdu);
    this.send({ commandId: SgipCommand.BindResp, sequence: pdu.sequence, result });
    if (result === BindResult.RepeatedLogin) return;
    if (result !== BindResult.Ok) {
      this.context.stats.loginsRejected += 1;
      this.context.logger.warn(
        { gateway: this.context.gateway, account: pdu.loginName, result },
        'SGIP bind rejected',
      );
      this.end();
      return;
    }
    this.context.stats.loginsAccepted += 1;
    this.account = pdu.loginName;
    this.gateway.claimConnection(this.account);
    this.markLoggedIn();
  }

  private bindResult(pdu: SgipBind): BindResult {
    if (this.loggedIn) return BindResult.RepeatedLogin;
    if (pdu.loginType !== SgipLoginType.SpToSmg) return BindResult.BadLoginType;
    const account = this.gateway.findAccount(pdu.loginName);
    if (!account || account.secret !== pdu.loginPassword) return BindResult.IllegalLogin;
    if (
      this.gateway.connectionCount(account.account) >= this.context.engine.behaviour.maxConnectionsPerAccount
    ) {
      return BindResult.TooManyConnections;
    }
    return BindResult.Ok;
  }

  private submit(pdu: SgipSubmit): void {
    this.submits += 1;
    const messageId = formatSgipSequence(pdu.sequence);
    this.gateway.handleSubmit(this.submits, this, {
      accept: () => {
        const submittedAt = this.gateway.clock();
        this.gateway.recordSubmit(this.account, pdu, messageId);
        return {
          wantsReport: pdu.reportFlag === 0 || pdu.reportFlag === 1,
          destinations: pdu.userNumbers,
          deliverReport: (destination, stat, doneAt) => {
            if (pdu.reportFlag === 0 && stat === 'DELIVRD') return;
            this.gateway.reportClient.enqueue({
              kind: 'report',
              messageId,
              stat,
              destination,
              source: pdu.spNumber,
              serviceId: pdu.serviceType,
              submittedAt,
              doneAt,
            });
          },
        };
      },
      respond: (result) => this.send({ commandId: SgipCommand.SubmitResp, sequence: pdu.sequence, result }),
    });
  }
}
