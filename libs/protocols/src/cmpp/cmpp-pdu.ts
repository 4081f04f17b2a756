import { CmppCommand } from './cmpp-command';

interface CmppHeader {
  sequenceId: number;
}

export interface CmppConnect extends CmppHeader {
  commandId: CmppCommand.Connect;
  sourceAddr: string;
  /** 16 bytes, see cmppAuthenticatorSource. */
  authenticatorSource: Buffer;
  version: number;
  /** MMDDHHMMSS as a decimal number. */
  timestamp: number;
}

export interface CmppConnectResp extends CmppHeader {
  commandId: CmppCommand.ConnectResp;
  /** 1 byte on CMPP 2.0 links, 4 bytes on 3.0. */
  status: number;
  /** 16 bytes, see cmppAuthenticatorIsmg. */
  authenticatorIsmg: Buffer;
  version: number;
}

export interface CmppTerminate extends CmppHeader {
  commandId: CmppCommand.Terminate;
}

export interface CmppTerminateResp extends CmppHeader {
  commandId: CmppCommand.TerminateResp;
}

export interface CmppActiveTest extends CmppHeader {
  commandId: CmppCommand.ActiveTest;
}

export interface CmppActiveTestResp extends CmppHeader {
  commandId: CmppCommand.ActiveTestResp;
}

export interface CmppSubmit extends CmppHeader {
  commandId: CmppCommand.Submit;
  /** 8 bytes; an SP sends zeros, the ISMG assigns the id in SUBMIT_RESP. */
  msgId: Buffer;
  pkTotal: number;
  pkNumber: number;
  registeredDelivery: number;
  msgLevel: number;
  serviceId: string;
  feeUserType: number;
  feeTerminalId: string;
  /** CMPP 3.0 only (0 real number, 1 pseudo code); absent on 2.0. */
  feeTerminalType?: number;
  tpPid: number;
  tpUdhi: number;
  msgFmt: number;
  msgSrc: string;
  feeType: string;
  feeCode: string;
  validTime: string;
  atTime: string;
  srcId: string;
  destTerminalIds: string[];
  /** CMPP 3.0 only; absent on 2.0. */
  destTerminalType?: number;
  /** Raw content bytes (UDH included when tpUdhi = 1); decode with @tongdao/sms decodeText. */
  msgContent: Buffer;
  /** CMPP 3.0 only (2.0 has an 8-byte Reserve instead); absent on 2.0. */
  linkId?: string;
}

export interface CmppSubmitResp extends CmppHeader {
  commandId: CmppCommand.SubmitResp;
  msgId: Buffer;
  /** 1 byte on 2.0, 4 bytes on 3.0. */
  result: number;
}

/** The body of a DELIVER whose Registered_Delivery is 1. */
export interface CmppStatusReport {
  /** The Msg_Id returned in SUBMIT_RESP; match with formatCmppMsgId. */
  msgId: Buffer;
  /** DELIVRD on success; anything else (including vendor codes) is a failure. */
  stat: string;
  /** YYMMDDHHMM */
  submitTime: string;
  /** YYMMDDHHMM */
  doneTime: string;
  destTerminalId: string;
  smscSequence: number;
}

interface CmppDeliverCommon extends CmppHeader {
  commandId: CmppCommand.Deliver;
  msgId: Buffer;
  destId: string;
  serviceId: string;
  tpPid: number;
  tpUdhi: number;
  msgFmt: number;
  srcTerminalId: string;
  /** CMPP 3.0 only; absent on 2.0. */
  srcTerminalType?: number;
  /** CMPP 3.0 only; absent on 2.0. */
  linkId?: string;
}

/** A mobile-originated message. */
export interface CmppMoDeliver extends CmppDeliverCommon {
  registeredDelivery: 0;
  msgContent: Buffer;
}

/** A status report for an earlier SUBMIT. */
export interface CmppReportDeliver extends CmppDeliverCommon {
  registeredDelivery: 1;
  report: CmppStatusReport;
}

export type CmppDeliver = CmppMoDeliver | CmppReportDeliver;

export interface CmppDeliverResp extends CmppHeader {
  commandId: CmppCommand.DeliverResp;
  msgId: Buffer;
  /** 1 byte on 2.0, 4 bytes on 3.0. */
  result: number;
}

export interface CmppQuery extends CmppHeader {
  commandId: CmppCommand.Query;
  /** YYYYMMDD */
  time: string;
  /** 0 totals, 1 per service code */
  queryType: number;
  queryCode: string;
}

export interface CmppQueryResp extends CmppHeader {
  commandId: CmppCommand.QueryResp;
  time: string;
  queryType: number;
  queryCode: string;
  mtTlMsg: number;
  mtTlUsr: number;
  mtScs: number;
  mtWt: number;
  mtFl: number;
  moScs: number;
  moWt: number;
  moFl: number;
}

export interface CmppCancel extends CmppHeader {
  commandId: CmppCommand.Cancel;
  msgId: Buffer;
}

export interface CmppCancelResp extends CmppHeader {
  commandId: CmppCommand.CancelResp;
  /** 0 failed, 1 cancelled. */
  successId: number;
}

export type CmppPdu =
  | CmppConnect
  | CmppConnectResp
  | CmppTerminate
  | CmppTerminateResp
  | CmppActiveTest
  | CmppActiveTestResp
  | CmppSubmit
  | CmppSubmitResp
  | CmppDeliver
  | CmppDeliverResp
  | CmppQuery
  | CmppQueryResp
  | CmppCancel
  | CmppCancelResp;

export type CmppPduOf<C extends CmppCommand> = Extract<CmppPdu, { commandId: C }>;
