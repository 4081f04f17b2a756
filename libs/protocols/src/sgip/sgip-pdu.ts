import { SgipCommand } from './sgip-command';

/** The 12-byte SGIP sequence number; a response echoes all three parts of its request's. */
export interface SgipSequence {
  nodeId: number;
  /** MMDDHHMMSS as a decimal number. */
  timestamp: number;
  sequence: number;
}

interface SgipHeader {
  sequence: SgipSequence;
}

export interface SgipBind extends SgipHeader {
  commandId: SgipCommand.Bind;
  loginType: number;
  loginName: string;
  /** Sent in plain text by the protocol; never log it. */
  loginPassword: string;
}

export interface SgipUnbind extends SgipHeader {
  commandId: SgipCommand.Unbind;
}

export interface SgipUnbindResp extends SgipHeader {
  commandId: SgipCommand.UnbindResp;
}

export interface SgipSubmit extends SgipHeader {
  commandId: SgipCommand.Submit;
  spNumber: string;
  chargeNumber: string;
  userNumbers: string[];
  corpId: string;
  serviceType: string;
  feeType: number;
  feeValue: string;
  givenValue: string;
  agentFlag: number;
  morelatetoMtFlag: number;
  priority: number;
  expireTime: string;
  scheduleTime: string;
  reportFlag: number;
  tpPid: number;
  tpUdhi: number;
  messageCoding: number;
  messageType: number;
  /** Raw content bytes (UDH included when tpUdhi = 1); decode with @tongdao/sms decodeText. */
  messageContent: Buffer;
}

export interface SgipDeliver extends SgipHeader {
  commandId: SgipCommand.Deliver;
  userNumber: string;
  spNumber: string;
  tpPid: number;
  tpUdhi: number;
  messageCoding: number;
  messageContent: Buffer;
}

export interface SgipReport extends SgipHeader {
  commandId: SgipCommand.Report;
  /** Sequence number of the SUBMIT this reports on; match with formatSgipSequence. */
  submitSequence: SgipSequence;
  /** 0 report for an earlier Submit, 1 report from a previous Deliver. */
  reportType: number;
  userNumber: string;
  /** 0 delivered, 1 waiting, 2 failed (unverified; keep the raw value). */
  state: number;
  errorCode: number;
}

export interface SgipUserRpt extends SgipHeader {
  commandId: SgipCommand.UserRpt;
  spNumber: string;
  userNumber: string;
  userCondition: number;
}

export interface SgipTrace extends SgipHeader {
  commandId: SgipCommand.Trace;
  submitSequence: SgipSequence;
  userNumber: string;
}

export interface SgipTraceResp extends SgipHeader {
  commandId: SgipCommand.TraceResp;
  count: number;
  result: number;
  nodeId: string;
  receiveTime: string;
  sendTime: string;
}

/** Every *_RESP with the Result(1) + Reserve(8) body. */
export interface SgipResultResp<C extends SgipCommand> extends SgipHeader {
  commandId: C;
  result: number;
}

export type SgipBindResp = SgipResultResp<SgipCommand.BindResp>;
export type SgipSubmitResp = SgipResultResp<SgipCommand.SubmitResp>;
export type SgipDeliverResp = SgipResultResp<SgipCommand.DeliverResp>;
export type SgipReportResp = SgipResultResp<SgipCommand.ReportResp>;
export type SgipUserRptResp = SgipResultResp<SgipCommand.UserRptResp>;

export type SgipPdu =
  | SgipBind
  | SgipBindResp
  | SgipUnbind
  | SgipUnbindResp
  | SgipSubmit
  | SgipSubmitResp
  | SgipDeliver
  | SgipDeliverResp
  | SgipReport
  | SgipReportResp
  | SgipUserRpt
  | SgipUserRptResp
  | SgipTrace
  | SgipTraceResp;

export type SgipPduOf<C extends SgipCommand> = Extract<SgipPdu, { commandId: C }>;

export const SGIP_RESULT_RESPONSES: ReadonlySet<number> = new Set([
  SgipCommand.BindResp,
  SgipCommand.SubmitResp,
  SgipCommand.DeliverResp,
  SgipCommand.ReportResp,
  SgipCommand.UserRptResp,
]);
