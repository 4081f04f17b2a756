import { SmgpCommand } from './smgp-command';
import { SmgpTlv } from './smgp-tlv';

interface SmgpHeader {
  sequenceId: number;
}

export interface SmgpLogin extends SmgpHeader {
  commandId: SmgpCommand.Login;
  clientId: string;
  /** 16 bytes, see smgpAuthenticatorClient. */
  authenticatorClient: Buffer;
  loginMode: number;
  /** MMDDHHMMSS as a decimal number. */
  timestamp: number;
  clientVersion: number;
}

export interface SmgpLoginResp extends SmgpHeader {
  commandId: SmgpCommand.LoginResp;
  status: number;
  /** 16 bytes, see smgpAuthenticatorServer. */
  authenticatorServer: Buffer;
  serverVersion: number;
}

export interface SmgpSubmit extends SmgpHeader {
  commandId: SmgpCommand.Submit;
  msgType: number;
  needReport: number;
  priority: number;
  serviceId: string;
  feeType: string;
  feeCode: string;
  fixedFee: string;
  msgFormat: number;
  validTime: string;
  atTime: string;
  srcTermId: string;
  chargeTermId: string;
  destTermIds: string[];
  /** Raw content bytes; decode with @tongdao/sms decodeText. UDHI/PkTotal/PkNumber travel as TLVs. */
  msgContent: Buffer;
  tlvs: SmgpTlv[];
}

export interface SmgpSubmitResp extends SmgpHeader {
  commandId: SmgpCommand.SubmitResp;
  /** 10 bytes BCD; match with formatSmgpMsgId. */
  msgId: Buffer;
  status: number;
}

/** The 122-byte text body of a DELIVER whose IsReport is 1. */
export interface SmgpStatusReport {
  /** The raw 10-byte MsgID of the SUBMIT_RESP being reported on. */
  msgId: Buffer;
  sub: string;
  dlvrd: string;
  /** YYMMDDHHMM */
  submitDate: string;
  /** YYMMDDHHMM */
  doneDate: string;
  /** DELIVRD on success; anything else is a failure. */
  stat: string;
  err: string;
  text: string;
}

interface SmgpDeliverCommon extends SmgpHeader {
  commandId: SmgpCommand.Deliver;
  msgId: Buffer;
  msgFormat: number;
  /** YYYYMMDDHHMMSS */
  recvTime: string;
  srcTermId: string;
  destTermId: string;
  tlvs: SmgpTlv[];
}

export interface SmgpMoDeliver extends SmgpDeliverCommon {
  isReport: 0;
  msgContent: Buffer;
}

export interface SmgpReportDeliver extends SmgpDeliverCommon {
  isReport: 1;
  report: SmgpStatusReport;
}

export type SmgpDeliver = SmgpMoDeliver | SmgpReportDeliver;

export interface SmgpDeliverResp extends SmgpHeader {
  commandId: SmgpCommand.DeliverResp;
  msgId: Buffer;
  status: number;
}

export interface SmgpActiveTest extends SmgpHeader {
  commandId: SmgpCommand.ActiveTest;
}

export interface SmgpActiveTestResp extends SmgpHeader {
  commandId: SmgpCommand.ActiveTestResp;
}

export interface SmgpExit extends SmgpHeader {
  commandId: SmgpCommand.Exit;
}

export interface SmgpExitResp extends SmgpHeader {
  commandId: SmgpCommand.ExitResp;
}

export type SmgpPdu =
  | SmgpLogin
  | SmgpLoginResp
  | SmgpSubmit
  | SmgpSubmitResp
  | SmgpDeliver
  | SmgpDeliverResp
  | SmgpActiveTest
  | SmgpActiveTestResp
  | SmgpExit
  | SmgpExitResp;

export type SmgpPduOf<C extends SmgpCommand> = Extract<SmgpPdu, { commandId: C }>;
