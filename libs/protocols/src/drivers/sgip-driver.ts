import { FrameReader } from '../core';
import {
  SgipCommand,
  SgipLoginType,
  SgipSequenceGenerator,
  createSgipCodec,
  formatSgipSequence,
  type SgipCodec,
  type SgipPdu,
  type SgipReport,
  type SgipSequence,
} from '../sgip';
import type {
  CarrierCoding,
  FrameHandlers,
  FrameSink,
  InboundClassification,
  LoginOutcome,
  OutboundRequest,
  ProtocolDriver,
  StatusReportInfo,
  SubmitOutcome,
  SubmitSegment,
} from '../session/protocol-driver';
import { ConcatReferenceCounter } from './concat-reference-counter';
import { chineseMsgFmt, codingOfChineseMsgFmt } from './message-format';

export interface SgipDriverOptions {
  /** Login Name of the Bind. */
  account: string;
  password: string;
  nodeId: number;
  corpId: string;
  serviceId?: string;
  /** [UNVERIFIED] result codes worth retrying: 11 node busy, 32 system failure, 33 queue full. */
  retryableResultCodes?: readonly number[];
  /** UDH concatenation reference size for long messages (default 8). */
  concatReferenceBits?: 8 | 16;
  clock?: () => Date;
}

export const SGIP_DEFAULT_RETRYABLE_RESULTS: readonly number[] = [11, 32, 33];

const BIND_RESULT_TEXT: Record<number, string> = {
  0: 'ok',
  1: 'illegal login',
  2: 'repeated login',
  3: 'too many connections',
  4: 'bad login type',
};

/** A ChargeNumber of 21 zeros bills the SP rather than a subscriber. */
const SP_PAYS = '000000000000000000000';
const FEE_TYPE_FREE = 1;
const MT_NOT_CAUSED_BY_MO = 2;
const REPORT_ALWAYS = 1;
const REPORT_NEVER = 2;
const REPORT_STATE_DELIVERED = 0;
const REPORT_STATE_WAITING = 1;

/** SGIP 1.2 client driver (China Unicom SMG), for the SP→SMG connection (Bind login type 1). */
export class SgipDriver implements ProtocolDriver<SgipPdu> {
  readonly protocol = 'sgip';
  private readonly codec: SgipCodec = createSgipCodec();
  private readonly sequences: SgipSequenceGenerator;
  private readonly references: ConcatReferenceCounter;
  private readonly retryable: ReadonlySet<number>;

  constructor(private readonly options: SgipDriverOptions) {
    this.references = new ConcatReferenceCounter(options.concatReferenceBits ?? 8);
    this.sequences = new SgipSequenceGenerator(options.nodeId, options.clock);
    this.retryable = new Set(options.retryableResultCodes ?? SGIP_DEFAULT_RETRYABLE_RESULTS);
  }

  createReader(handlers: FrameHandlers<SgipPdu>): FrameSink {
    return new FrameReader(this.codec, handlers);
  }

  encode(pdu: SgipPdu): Buffer {
    return this.codec.encode(pdu);
  }

  login(): OutboundRequest<SgipPdu> {
    return this.request({
      commandId: SgipCommand.Bind,
      sequence: this.sequences.next(),
      loginType: SgipLoginType.SpToSmg,
      loginName: this.options.account,
      loginPassword: this.options.password,
    });
  }

  loginOutcome(response: SgipPdu): LoginOutcome {
    if (response.commandId !== SgipCommand.BindResp) {
      return { ok: false, status: -1, detail: `unexpected response 0x${response.commandId.toString(16)}` };
    }
    return {
      ok: response.result === 0,
      status: response.result,
      detail: BIND_RESULT_TEXT[response.result] ?? 'other error',
    };
  }

  /** SGIP has no link test; idle links are closed by the SMG and re-established by the session. */
  keepAlive(): undefined {
    return undefined;
  }

  logout(): OutboundRequest<SgipPdu> {
    return this.request({ commandId: SgipCommand.Unbind, sequence: this.sequences.next() });
  }

  submit(segment: SubmitSegment): OutboundRequest<SgipPdu> {
    return this.request({
      commandId: SgipCommand.Submit,
      sequence: this.sequences.next(),
      spNumber: segment.source,
      chargeNumber: SP_PAYS,
      userNumbers: [segment.destination],
      corpId: this.options.corpId,
      serviceType: this.options.serviceId ?? '',
      feeType: FEE_TYPE_FREE,
      feeValue: '0',
      givenValue: '0',
      agentFlag: 0,
      morelatetoMtFlag: MT_NOT_CAUSED_BY_MO,
      priority: 0,
      expireTime: '',
      scheduleTime: '',
      reportFlag: segment.requestReport ? REPORT_ALWAYS : REPORT_NEVER,
      tpPid: 0,
      tpUdhi: segment.udhi ? 1 : 0,
      messageCoding: chineseMsgFmt(segment.coding),
      messageType: 0,
      messageContent: segment.content,
    });
  }

  /** SGIP has no message id: reports quote the 12-byte sequence of the Submit, so that is the carrier id. */
  submitOutcome(response: SgipPdu, request: OutboundRequest<SgipPdu>): SubmitOutcome {
    const result = response.commandId === SgipCommand.SubmitResp ? response.result : -1;
    return {
      ok: result === 0,
      carrierMessageId: formatSgipSequence(request.pdu.sequence),
      resultCode: result,
      retryable: result === -1 || this.retryable.has(result),
    };
  }

  classify(pdu: SgipPdu): InboundClassification<SgipPdu> {
    return classifySgipInbound(pdu);
  }

  nextConcatReference(): number {
    return this.references.next();
  }

  supportsCoding(_coding: CarrierCoding): boolean {
    return true;
  }

  private request(pdu: SgipPdu): OutboundRequest<SgipPdu> {
    return { pdu, key: formatSgipSequence(pdu.sequence) };
  }
}

function resultResponse(
  commandId: SgipCommand.DeliverResp | SgipCommand.ReportResp | SgipCommand.UserRptResp,
  sequence: SgipSequence,
): SgipPdu {
  return { commandId, sequence, result: 0 };
}

/** Shared by the client session and the receiver server: SMG-originated traffic looks the same on both. */
export function classifySgipInbound(pdu: SgipPdu): InboundClassification<SgipPdu> {
  switch (pdu.commandId) {
    case SgipCommand.Unbind:
      return { kind: 'logout', reply: { commandId: SgipCommand.UnbindResp, sequence: pdu.sequence } };
    case SgipCommand.Deliver:
      return {
        kind: 'message',
        reply: resultResponse(SgipCommand.DeliverResp, pdu.sequence),
        message: {
          from: pdu.userNumber,
          to: pdu.spNumber,
          coding: codingOfChineseMsgFmt(pdu.messageCoding),
          udhi: pdu.tpUdhi === 1,
          content: pdu.messageContent,
        },
      };
    case SgipCommand.Report:
      return {
        kind: 'report',
        reply: resultResponse(SgipCommand.ReportResp, pdu.sequence),
        report: sgipReport(pdu),
      };
    case SgipCommand.UserRpt:
      return {
        kind: 'other',
        description: 'UserRpt',
        reply: resultResponse(SgipCommand.UserRptResp, pdu.sequence),
      };
    default:
      if (pdu.commandId & 0x80000000) return { kind: 'response', key: formatSgipSequence(pdu.sequence) };
      return { kind: 'other', description: `command 0x${pdu.commandId.toString(16)}` };
  }
}

/** [UNVERIFIED] State 0 delivered, 1 waiting (reported as ENROUTE, not final), 2 failed (UNDELIV). */
function sgipReport(pdu: SgipReport): StatusReportInfo {
  const stat =
    pdu.state === REPORT_STATE_DELIVERED
      ? 'DELIVRD'
      : pdu.state === REPORT_STATE_WAITING
        ? 'ENROUTE'
        : 'UNDELIV';
  return {
    carrierMessageId: formatSgipSequence(pdu.submitSequence),
    destination: pdu.userNumber,
    stat,
    delivered: pdu.state === REPORT_STATE_DELIVERED,
    errorCode: String(pdu.errorCode),
  };
}
