import {
  CmppCommand,
  CmppMsgIdGenerator,
  cmppAuthenticatorSource,
  createCmppCodec,
  type CmppPdu,
  type CmppSubmit,
  type CmppVersion,
} from '../../cmpp';
import { ScriptedPeer, type PeerConnection } from '../../session/__fixtures__/scripted-peer';

export interface CmppTestGatewayOptions {
  version: CmppVersion;
  account: string;
  password: string;
  /** Send a DELIVRD status report for every submit that asks for one. */
  reports?: boolean;
  /** Keep submits unanswered until the test calls answerHeld(). */
  holdSubmits?: boolean;
  ignoreActiveTests?: boolean;
}

interface HeldSubmit {
  pdu: CmppSubmit;
  connection: PeerConnection<CmppPdu>;
}

/** A minimal ISMG for tests: checks the authenticator, answers submits and optionally sends status reports. */
export class CmppTestGateway {
  readonly submits: CmppSubmit[] = [];
  readonly held: HeldSubmit[] = [];
  private readonly msgIds = new CmppMsgIdGenerator(7);
  private deliverSequence = 1_000;

  private constructor(
    readonly options: CmppTestGatewayOptions,
    readonly peer: ScriptedPeer<CmppPdu>,
  ) {}

  static async start(options: CmppTestGatewayOptions): Promise<CmppTestGateway> {
    const peer = await ScriptedPeer.listen<CmppPdu>(
      createCmppCodec({ version: options.version }),
      () => undefined,
    );
    const gateway = new CmppTestGateway(options, peer);
    peer.handler = (pdu, connection) => gateway.handle(pdu, connection);
    return gateway;
  }

  get port(): number {
    return this.peer.port;
  }

  answerHeld(count = this.held.length): void {
    for (const { pdu, connection } of this.held.splice(0, count)) this.answer(pdu, connection);
  }

  /** Sends an MO DELIVER on the newest open connection. */
  deliverMo(from: string, msgFmt: number, content: Buffer, tpUdhi = 0): void {
    const connection = this.peer.openConnections.at(-1);
    connection?.send({
      commandId: CmppCommand.Deliver,
      sequenceId: (this.deliverSequence += 1),
      msgId: this.msgIds.next(),
      destId: '1069001',
      serviceId: '',
      tpPid: 0,
      tpUdhi,
      msgFmt,
      srcTerminalId: from,
      srcTerminalType: this.options.version === 3 ? 0 : undefined,
      registeredDelivery: 0,
      msgContent: content,
      linkId: this.options.version === 3 ? '' : undefined,
    });
  }

  close(): Promise<void> {
    return this.peer.close();
  }

  private handle(pdu: CmppPdu, connection: PeerConnection<CmppPdu>): void {
    switch (pdu.commandId) {
      case CmppCommand.Connect: {
        const expected = cmppAuthenticatorSource(this.options.account, this.options.password, pdu.timestamp);
        const ok = pdu.sourceAddr === this.options.account && expected.equals(pdu.authenticatorSource);
        connection.send({
          commandId: CmppCommand.ConnectResp,
          sequenceId: pdu.sequenceId,
          status: ok ? 0 : 3,
          authenticatorIsmg: Buffer.alloc(16),
          version: pdu.version,
        });
        if (!ok) connection.socket.end();
        return;
      }
      case CmppCommand.Submit:
        this.submits.push(pdu);
        if (this.options.holdSubmits) this.held.push({ pdu, connection });
        else this.answer(pdu, connection);
        return;
      case CmppCommand.ActiveTest:
        if (!this.options.ignoreActiveTests) {
          connection.send({ commandId: CmppCommand.ActiveTestResp, sequenceId: pdu.sequenceId });
        }
        return;
      case CmppCommand.Terminate:
        connection.send({ commandId: CmppCommand.TerminateResp, sequenceId: pdu.sequenceId });
        connection.socket.end();
        return;
      default:
        return;
    }
  }

  private answer(pdu: CmppSubmit, connection: PeerConnection<CmppPdu>): void {
    const msgId = this.msgIds.next();
    connection.send({ commandId: CmppCommand.SubmitResp, sequenceId: pdu.sequenceId, msgId, result: 0 });
    if (!this.options.reports || pdu.registeredDelivery !== 1) return;
    connection.send({
      commandId: CmppCommand.Deliver,
      sequenceId: (this.deliverSequence += 1),
      msgId: this.msgIds.next(),
      destId: pdu.srcId,
      serviceId: pdu.serviceId,
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      srcTerminalId: pdu.destTerminalIds[0],
      srcTerminalType: this.options.version === 3 ? 0 : undefined,
      registeredDelivery: 1,
      report: {
        msgId,
        stat: 'DELIVRD',
        submitTime: '2611221330',
        doneTime: '2611221331',
        destTerminalId: pdu.destTerminalIds[0],
        smscSequence: 1,
      },
      linkId: this.options.version === 3 ? '' : undefined,
    });
  }
}
