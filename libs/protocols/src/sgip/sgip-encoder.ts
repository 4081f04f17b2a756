import { ByteWriter, ProtocolEncodeError } from '../core';
import { SgipCommand } from './sgip-command';
import {
  SgipBind,
  SgipDeliver,
  SgipPdu,
  SgipReport,
  SgipSequence,
  SgipSubmit,
  SgipTraceResp,
  SgipUserRpt,
} from './sgip-pdu';

export const SGIP_PROTOCOL = 'sgip';
export const SGIP_MAX_USERS = 100;
const RESERVE = 8;

export function writeSgipSequence(w: ByteWriter, seq: SgipSequence, field: string): ByteWriter {
  if (!seq || typeof seq !== 'object')
    throw new ProtocolEncodeError('must be an SgipSequence', SGIP_PROTOCOL, field);
  return w
    .uint32(seq.nodeId, `${field}.nodeId`)
    .uint32(seq.timestamp, `${field}.timestamp`)
    .uint32(seq.sequence, `${field}.sequence`);
}

export function writeSgipBody(w: ByteWriter, pdu: SgipPdu): void {
  switch (pdu.commandId) {
    case SgipCommand.Bind:
      return writeBind(w, pdu);
    case SgipCommand.Submit:
      return writeSubmit(w, pdu);
    case SgipCommand.Deliver:
      return writeDeliver(w, pdu);
    case SgipCommand.Report:
      return writeReport(w, pdu);
    case SgipCommand.UserRpt:
      return writeUserRpt(w, pdu);
    case SgipCommand.Trace:
      writeSgipSequence(w, pdu.submitSequence, 'submitSequence')
        .octets(pdu.userNumber, 21, 'userNumber')
        .zeros(RESERVE);
      return;
    case SgipCommand.TraceResp:
      return writeTraceResp(w, pdu);
    case SgipCommand.BindResp:
    case SgipCommand.SubmitResp:
    case SgipCommand.DeliverResp:
    case SgipCommand.ReportResp:
    case SgipCommand.UserRptResp:
      w.uint8(pdu.result, 'result').zeros(RESERVE);
      return;
    case SgipCommand.Unbind:
    case SgipCommand.UnbindResp:
      return;
    default:
      throw new ProtocolEncodeError(
        `unknown commandId ${String((pdu as { commandId: unknown }).commandId)}`,
        SGIP_PROTOCOL,
      );
  }
}

function writeBind(w: ByteWriter, pdu: SgipBind): void {
  w.uint8(pdu.loginType, 'loginType')
    .octets(pdu.loginName, 16, 'loginName')
    .octets(pdu.loginPassword, 16, 'loginPassword')
    .zeros(RESERVE);
}

function writeSubmit(w: ByteWriter, pdu: SgipSubmit): void {
  w.octets(pdu.spNumber, 21, 'spNumber').octets(pdu.chargeNumber, 21, 'chargeNumber');
  writeUsers(w, pdu.userNumbers);
  w.octets(pdu.corpId, 5, 'corpId')
    .octets(pdu.serviceType, 10, 'serviceType')
    .uint8(pdu.feeType, 'feeType')
    .octets(pdu.feeValue, 6, 'feeValue')
    .octets(pdu.givenValue, 6, 'givenValue')
    .uint8(pdu.agentFlag, 'agentFlag')
    .uint8(pdu.morelatetoMtFlag, 'morelatetoMtFlag')
    .uint8(pdu.priority, 'priority')
    .octets(pdu.expireTime, 16, 'expireTime')
    .octets(pdu.scheduleTime, 16, 'scheduleTime')
    .uint8(pdu.reportFlag, 'reportFlag')
    .uint8(pdu.tpPid, 'tpPid')
    .uint8(pdu.tpUdhi, 'tpUdhi')
    .uint8(pdu.messageCoding, 'messageCoding')
    .uint8(pdu.messageType, 'messageType');
  writeContent(w, pdu.messageContent);
}

function writeUsers(w: ByteWriter, users: string[]): void {
  if (!Array.isArray(users) || users.length < 1 || users.length > SGIP_MAX_USERS) {
    throw new ProtocolEncodeError(
      `needs 1..${SGIP_MAX_USERS} numbers, got ${Array.isArray(users) ? users.length : 'none'}`,
      SGIP_PROTOCOL,
      'userNumbers',
    );
  }
  w.uint8(users.length, 'userCount');
  users.forEach((user, i) => w.octets(user, 21, `userNumbers[${i}]`));
}

function writeContent(w: ByteWriter, content: Buffer): void {
  if (!Buffer.isBuffer(content))
    throw new ProtocolEncodeError('must be a Buffer', SGIP_PROTOCOL, 'messageContent');
  w.uint32(content.length, 'messageLength').bytes(content, 'messageContent').zeros(RESERVE);
}

function writeDeliver(w: ByteWriter, pdu: SgipDeliver): void {
  w.octets(pdu.userNumber, 21, 'userNumber')
    .octets(pdu.spNumber, 21, 'spNumber')
    .uint8(pdu.tpPid, 'tpPid')
    .uint8(pdu.tpUdhi, 'tpUdhi')
    .uint8(pdu.messageCoding, 'messageCoding');
  writeContent(w, pdu.messageContent);
}

function writeReport(w: ByteWriter, pdu: SgipReport): void {
  writeSgipSequence(w, pdu.submitSequence, 'submitSequence')
    .uint8(pdu.reportType, 'reportType')
    .octets(pdu.userNumber, 21, 'userNumber')
    .uint8(pdu.state, 'state')
    .uint8(pdu.errorCode, 'errorCode')
    .zeros(RESERVE);
}

function writeUserRpt(w: ByteWriter, pdu: SgipUserRpt): void {
  w.octets(pdu.spNumber, 21, 'spNumber')
    .octets(pdu.userNumber, 21, 'userNumber')
    .uint8(pdu.userCondition, 'userCondition')
    .zeros(RESERVE);
}

function writeTraceResp(w: ByteWriter, pdu: SgipTraceResp): void {
  w.uint8(pdu.count, 'count')
    .uint8(pdu.result, 'result')
    .octets(pdu.nodeId, 6, 'nodeId')
    .octets(pdu.receiveTime, 16, 'receiveTime')
    .octets(pdu.sendTime, 16, 'sendTime')
    .zeros(RESERVE);
}
