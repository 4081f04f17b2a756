import { FrameReader, SequenceGenerator } from '../core';
import {
  CMPP_VERSION_20,
  CMPP_VERSION_30,
  CmppCommand,
  cmppAuthenticatorIsmg,
  cmppAuthenticatorSource,
  cmppTimestamp,
  createCmppCodec,
  formatCmppMsgId,
  type CmppCodec,
  type CmppDeliver,
  type CmppPdu,
  type CmppVersion,
} from '../cmpp';
import type {
  CarrierCoding,
  FrameHandlers,
  FrameSink,
  InboundClassification,
  LoginOutcome,
  OutboundRequest,
  ProtocolDriver,
  SubmitOutcome,
  SubmitSegment,
} from '../session/protocol-driver';
import { silentLogger, type ProtocolLogger } from '../session/protocol-logger';
import { parseCarrierTime } from './carrier-time';
import { ConcatReferenceCounter } from './concat-reference-counter';
import { chineseMsgFmt, codingOfChineseMsgFmt } from './message-format';

export interface CmppDriverOptions {
  version: CmppVersion;
  /** Source_Addr: the SP enterprise code used to log in. */
  account: string;
  password: string;
  /** Msg_src; defaults to the account, which it normally equals. */
  spId?: string;
  serviceId?: string;
  /** Submit results worth retrying later; 8 is CMPP's flow-control rejection. */
  retryableResultCodes?: readonly number[];
  /** UDH concatenation reference size for long messages (default 8). */
  concatReferenceBits?: 8 | 16;
  clock?: () => Date;
  logger?: ProtocolLogger;
}

const CONNECT_STATUS_TEXT: Record<number, string> = {
  0: 'ok',
  1: 'bad message structure',
  2: 'illegal source address',
  3: 'authentication failed',
  4: 'version too high',
};

const ZERO_MSG_ID = Buffer.alloc(8);
export const CMPP_DEFAULT_RETRYABLE_RESULTS: readonly number[] = [8];

/** CMPP 2.0 / 3.0 client driver (China Mobile ISMG). */
export class CmppDriver implements ProtocolDriver<CmppPdu> {
  readonly protocol: 'cmpp2' | 'cmpp3';
  private readonly codec: CmppCodec;
  private readonly sequences = new SequenceGenerator();
  private readonly references: ConcatReferenceCounter;
  private readonly retryable: ReadonlySet<number>;
  private readonly clock: () => Date;
  private readonly log: ProtocolLogger;
  private lastAuthenticator: Buffer | undefined;

  constructor(private readonly options: CmppDriverOptions) {
    this.references = new ConcatReferenceCounter(options.concatReferenceBits ?? 8);
    this.codec = createCmppCodec({ version: options.version });
    this.protocol = this.codec.protocol;
    this.retryable = new Set(options.retryableResultCodes ?? CMPP_DEFAULT_RETRYABLE_RESULTS);
    this.clock = options.clock ?? (() => new Date());
    this.log = options.logger ?? silentLogger;
  }

  createReader(handlers: FrameHandlers<CmppPdu>): FrameSink {
    return new FrameReader(this.codec, handlers);
  }

  encode(pdu: CmppPdu): Buffer {
    return this.codec.encode(pdu);
  }

  login(): OutboundRequest<CmppPdu> {
    const timestamp = cmppTimestamp(this.clock());
    const authenticatorSource = cmppAuthenticatorSource(
      this.options.account,
      this.options.password,
      timestamp,
    );
    this.lastAuthenticator = authenticatorSource;
    return this.request({
      commandId: CmppCommand.Connect,
      sequenceId: this.sequences.next(),
      sourceAddr: this.options.account,
      authenticatorSource,
      version: this.options.version === 3 ? CMPP_VERSION_30 : CMPP_VERSION_20,
      timestamp,
    });
  }

  loginOutcome(response: CmppPdu): LoginOutcome {
    if (response.commandId !== CmppCommand.ConnectResp) {
      return { ok: false, status: -1, detail: `unexpected response 0x${response.commandId.toString(16)}` };
    }
    const ok = response.status === 0;
    if (ok) this.checkIsmgAuthenticator(response.status, response.authenticatorIsmg);
    return { ok, status: response.status, detail: CONNECT_STATUS_TEXT[response.status] ?? 'other error' };
  }

  keepAlive(): OutboundRequest<CmppPdu> {
    return this.request({ commandId: CmppCommand.ActiveTest, sequenceId: this.sequences.next() });
  }

  logout(): OutboundRequest<CmppPdu> {
    return this.request({ commandId: CmppCommand.Terminate, sequenceId: this.sequences.next() });
  }

  submit(segment: SubmitSegment): OutboundRequest<CmppPdu> {
    const v3 = this.options.version === 3;
    return this.request({
      commandId: CmppCommand.Submit,
      sequenceId: this.sequences.next(),
      msgId: ZERO_MSG_ID,
      pkTotal: segment.total,
      pkNumber: segment.index,
      registeredDelivery: segment.requestReport ? 1 : 0,
      msgLevel: 0,
      serviceId: this.options.serviceId ?? '',
      feeUserType: 2,
      feeTerminalId: '',
      feeTerminalType: v3 ? 0 : undefined,
      tpPid: 0,
      tpUdhi: segment.udhi ? 1 : 0,
      msgFmt: chineseMsgFmt(segment.coding),
      msgSrc: this.options.spId ?? this.options.account,
      feeType: '01',
      feeCode: '000000',
      validTime: '',
      atTime: '',
      srcId: segment.source,
      destTerminalIds: [segment.destination],
      destTerminalType: v3 ? 0 : undefined,
      msgContent: segment.content,
      linkId: v3 ? '' : undefined,
    });
  }

  submitOutcome(response: CmppPdu): SubmitOutcome {
    if (response.commandId !== CmppCommand.SubmitResp) {
      return { ok: false, resultCode: -1, retryable: true };
    }
    return {
      ok: response.result === 0,
      carrierMessageId: formatCmppMsgId(response.msgId),
      resultCode: response.result,
      retryable: this.retryable.has(response.result),
    };
  }

  classify(pdu: CmppPdu): InboundClassification<CmppPdu> {
    const sequenceId = pdu.sequenceId;
    switch (pdu.commandId) {
      case CmppCommand.ActiveTest:
        return { kind: 'keepAlive', reply: { commandId: CmppCommand.ActiveTestResp, sequenceId } };
      case CmppCommand.Terminate:
        return { kind: 'logout', reply: { commandId: CmppCommand.TerminateResp, sequenceId } };
      case CmppCommand.Deliver:
        return this.classifyDeliver(pdu);
      default:
        if (pdu.commandId & 0x80000000) return { kind: 'response', key: String(sequenceId) };
        return { kind: 'other', description: `command 0x${pdu.commandId.toString(16)}` };
    }
  }

  nextConcatReference(): number {
    return this.references.next();
  }

  supportsCoding(_coding: CarrierCoding): boolean {
    return true;
  }

  private classifyDeliver(pdu: CmppDeliver): InboundClassification<CmppPdu> {
    const reply: CmppPdu = {
      commandId: CmppCommand.DeliverResp,
      sequenceId: pdu.sequenceId,
      msgId: pdu.msgId,
      result: 0,
    };
    if (pdu.registeredDelivery === 1) {
      const { report } = pdu;
      return {
        kind: 'report',
        reply,
        report: {
          carrierMessageId: formatCmppMsgId(report.msgId),
          destination: report.destTerminalId,
          stat: report.stat,
          delivered: report.stat === 'DELIVRD',
          doneAt: parseCarrierTime(report.doneTime),
        },
      };
    }
    return {
      kind: 'message',
      reply,
      message: {
        from: pdu.srcTerminalId,
        to: pdu.destId,
        coding: codingOfChineseMsgFmt(pdu.msgFmt),
        udhi: pdu.tpUdhi === 1,
        content: pdu.msgContent,
      },
    };
  }

  /** Gateways disagree on how AuthenticatorISMG is hashed, so a mismatch is only worth a log line. */
  private checkIsmgAuthenticator(status: number, received: Buffer): void {
    if (!this.lastAuthenticator) return;
    const expected = cmppAuthenticatorIsmg(
      status,
      this.lastAuthenticator,
      this.options.password,
      this.options.version,
    );
    if (!expected.equals(received)) {
      this.log.debug({ protocol: this.protocol }, 'AuthenticatorISMG does not match; accepted anyway');
    }
  }

  private request(pdu: CmppPdu): OutboundRequest<CmppPdu> {
    return { pdu, key: String(pdu.sequenceId) };
  }
}
