import { FrameReader, SequenceGenerator, carrierTimestamp } from '../core';
import {
  SMGP_VERSION_30,
  SmgpCommand,
  SmgpLoginMode,
  SmgpTlvTag,
  byteTlv,
  createSmgpCodec,
  formatSmgpMsgId,
  smgpTpUdhi,
  smgpAuthenticatorClient,
  type SmgpCodec,
  type SmgpDeliver,
  type SmgpPdu,
  type SmgpTlv,
} from '../smgp';
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
import { parseCarrierTime } from './carrier-time';
import { ConcatReferenceCounter } from './concat-reference-counter';
import { chineseMsgFmt, codingOfChineseMsgFmt } from './message-format';

export interface SmgpDriverOptions {
  /** ClientID of the Login. */
  account: string;
  password: string;
  serviceId?: string;
  /** [UNVERIFIED] status codes worth retrying: 1 system busy, 2 too many connections. */
  retryableResultCodes?: readonly number[];
  /** UDH concatenation reference size for long messages (default 8). */
  concatReferenceBits?: 8 | 16;
  clock?: () => Date;
}

export const SMGP_DEFAULT_RETRYABLE_RESULTS: readonly number[] = [1, 2];
const MSG_TYPE_MT = 6;
const FEE_TYPE_FREE = '00';

/** SMGP 3.0 client driver (China Telecom SMGW); logs in in transmit mode so reports and MO share the link. */
export class SmgpDriver implements ProtocolDriver<SmgpPdu> {
  readonly protocol = 'smgp';
  private readonly codec: SmgpCodec = createSmgpCodec();
  private readonly sequences = new SequenceGenerator();
  private readonly references: ConcatReferenceCounter;
  private readonly retryable: ReadonlySet<number>;
  private readonly clock: () => Date;

  constructor(private readonly options: SmgpDriverOptions) {
    this.references = new ConcatReferenceCounter(options.concatReferenceBits ?? 8);
    this.retryable = new Set(options.retryableResultCodes ?? SMGP_DEFAULT_RETRYABLE_RESULTS);
    this.clock = options.clock ?? (() => new Date());
  }

  createReader(handlers: FrameHandlers<SmgpPdu>): FrameSink {
    return new FrameReader(this.codec, handlers);
  }

  encode(pdu: SmgpPdu): Buffer {
    return this.codec.encode(pdu);
  }

  login(): OutboundRequest<SmgpPdu> {
    const timestamp = carrierTimestamp(this.clock());
    return this.request({
      commandId: SmgpCommand.Login,
      sequenceId: this.sequences.next(),
      clientId: this.options.account,
      authenticatorClient: smgpAuthenticatorClient(this.options.account, this.options.password, timestamp),
      loginMode: SmgpLoginMode.Transmit,
      timestamp,
      clientVersion: SMGP_VERSION_30,
    });
  }

  loginOutcome(response: SmgpPdu): LoginOutcome {
    if (response.commandId !== SmgpCommand.LoginResp) {
      return { ok: false, status: -1, detail: `unexpected response 0x${response.commandId.toString(16)}` };
    }
    return {
      ok: response.status === 0,
      status: response.status,
      detail: response.status === 0 ? 'ok' : 'login refused',
    };
  }

  keepAlive(): OutboundRequest<SmgpPdu> {
    return this.request({ commandId: SmgpCommand.ActiveTest, sequenceId: this.sequences.next() });
  }

  logout(): OutboundRequest<SmgpPdu> {
    return this.request({ commandId: SmgpCommand.Exit, sequenceId: this.sequences.next() });
  }

  submit(segment: SubmitSegment): OutboundRequest<SmgpPdu> {
    return this.request({
      commandId: SmgpCommand.Submit,
      sequenceId: this.sequences.next(),
      msgType: MSG_TYPE_MT,
      needReport: segment.requestReport ? 1 : 0,
      priority: 0,
      serviceId: this.options.serviceId ?? '',
      feeType: FEE_TYPE_FREE,
      feeCode: '000000',
      fixedFee: '000000',
      msgFormat: chineseMsgFmt(segment.coding),
      validTime: '',
      atTime: '',
      srcTermId: segment.source,
      chargeTermId: '',
      destTermIds: [segment.destination],
      msgContent: segment.content,
      tlvs: concatTlvs(segment),
    });
  }

  submitOutcome(response: SmgpPdu): SubmitOutcome {
    if (response.commandId !== SmgpCommand.SubmitResp) return { ok: false, resultCode: -1, retryable: true };
    return {
      ok: response.status === 0,
      carrierMessageId: formatSmgpMsgId(response.msgId),
      resultCode: response.status,
      retryable: this.retryable.has(response.status),
    };
  }

  classify(pdu: SmgpPdu): InboundClassification<SmgpPdu> {
    const sequenceId = pdu.sequenceId;
    switch (pdu.commandId) {
      case SmgpCommand.ActiveTest:
        return { kind: 'keepAlive', reply: { commandId: SmgpCommand.ActiveTestResp, sequenceId } };
      case SmgpCommand.Exit:
        return { kind: 'logout', reply: { commandId: SmgpCommand.ExitResp, sequenceId } };
      case SmgpCommand.Deliver:
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

  private classifyDeliver(pdu: SmgpDeliver): InboundClassification<SmgpPdu> {
    const reply: SmgpPdu = {
      commandId: SmgpCommand.DeliverResp,
      sequenceId: pdu.sequenceId,
      msgId: pdu.msgId,
      status: 0,
    };
    if (pdu.isReport === 1) {
      const { report } = pdu;
      return {
        kind: 'report',
        reply,
        report: {
          carrierMessageId: formatSmgpMsgId(report.msgId),
          destination: pdu.srcTermId,
          stat: report.stat,
          delivered: report.stat === 'DELIVRD',
          errorCode: report.err,
          doneAt: parseCarrierTime(report.doneDate),
        },
      };
    }
    return {
      kind: 'message',
      reply,
      message: {
        from: pdu.srcTermId,
        to: pdu.destTermId,
        coding: codingOfChineseMsgFmt(pdu.msgFormat),
        udhi: smgpTpUdhi(pdu.tlvs) === 1,
        content: pdu.msgContent,
      },
    };
  }

  private request(pdu: SmgpPdu): OutboundRequest<SmgpPdu> {
    return { pdu, key: String(pdu.sequenceId) };
  }
}

/** SMGP 3.0 has no fixed UDHI / Pk fields; long messages announce themselves through TLVs. */
function concatTlvs(segment: SubmitSegment): SmgpTlv[] {
  if (!segment.udhi) return [];
  return [
    byteTlv(SmgpTlvTag.TpUdhi, 1),
    byteTlv(SmgpTlvTag.PkTotal, segment.total),
    byteTlv(SmgpTlvTag.PkNumber, segment.index),
  ];
}
