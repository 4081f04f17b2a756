import { ByteWriter, ProtocolEncodeError } from '../core';
import { SmgpCommand } from './smgp-command';
import { SmgpDeliver, SmgpLogin, SmgpLoginResp, SmgpPdu, SmgpSubmit } from './smgp-pdu';
import { encodeSmgpStatusReport } from './smgp-status-report';
import { writeSmgpTlvs } from './smgp-tlv';

export const SMGP_PROTOCOL = 'smgp';
export const SMGP_MAX_DESTINATIONS = 99;
const MAX_CONTENT_LENGTH = 0xff;
const RESERVE = 8;

export function writeSmgpBody(w: ByteWriter, pdu: SmgpPdu): void {
  switch (pdu.commandId) {
    case SmgpCommand.Login:
      return writeLogin(w, pdu);
    case SmgpCommand.LoginResp:
      return writeLoginResp(w, pdu);
    case SmgpCommand.Submit:
      return writeSubmit(w, pdu);
    case SmgpCommand.Deliver:
      return writeDeliver(w, pdu);
    case SmgpCommand.SubmitResp:
    case SmgpCommand.DeliverResp:
      w.bytes(pdu.msgId, 'msgId', 10).uint32(pdu.status, 'status');
      return;
    case SmgpCommand.ActiveTest:
    case SmgpCommand.ActiveTestResp:
    case SmgpCommand.Exit:
    case SmgpCommand.ExitResp:
      return;
    default:
      throw new ProtocolEncodeError(
        `unknown commandId ${String((pdu as { commandId: unknown }).commandId)}`,
        SMGP_PROTOCOL,
      );
  }
}

function writeLogin(w: ByteWriter, pdu: SmgpLogin): void {
  w.octets(pdu.clientId, 8, 'clientId')
    .bytes(pdu.authenticatorClient, 'authenticatorClient', 16)
    .uint8(pdu.loginMode, 'loginMode')
    .uint32(pdu.timestamp, 'timestamp')
    .uint8(pdu.clientVersion, 'clientVersion');
}

function writeLoginResp(w: ByteWriter, pdu: SmgpLoginResp): void {
  w.uint32(pdu.status, 'status')
    .bytes(pdu.authenticatorServer, 'authenticatorServer', 16)
    .uint8(pdu.serverVersion, 'serverVersion');
}

function writeSubmit(w: ByteWriter, pdu: SmgpSubmit): void {
  w.uint8(pdu.msgType, 'msgType')
    .uint8(pdu.needReport, 'needReport')
    .uint8(pdu.priority, 'priority')
    .octets(pdu.serviceId, 10, 'serviceId')
    .octets(pdu.feeType, 2, 'feeType')
    .octets(pdu.feeCode, 6, 'feeCode')
    .octets(pdu.fixedFee, 6, 'fixedFee')
    .uint8(pdu.msgFormat, 'msgFormat')
    .octets(pdu.validTime, 17, 'validTime')
    .octets(pdu.atTime, 17, 'atTime')
    .octets(pdu.srcTermId, 21, 'srcTermId')
    .octets(pdu.chargeTermId, 21, 'chargeTermId');
  writeDestinations(w, pdu.destTermIds);
  writeContent(w, pdu.msgContent);
  w.zeros(RESERVE);
  writeSmgpTlvs(w, pdu.tlvs);
}

function writeDestinations(w: ByteWriter, destinations: string[]): void {
  if (
    !Array.isArray(destinations) ||
    destinations.length < 1 ||
    destinations.length > SMGP_MAX_DESTINATIONS
  ) {
    throw new ProtocolEncodeError(
      `needs 1..${SMGP_MAX_DESTINATIONS} numbers, got ${Array.isArray(destinations) ? destinations.length : 'none'}`,
      SMGP_PROTOCOL,
      'destTermIds',
    );
  }
  w.uint8(destinations.length, 'destTermIdCount');
  destinations.forEach((id, i) => w.octets(id, 21, `destTermIds[${i}]`));
}

function writeContent(w: ByteWriter, content: Buffer): void {
  if (!Buffer.isBuffer(content) || content.length > MAX_CONTENT_LENGTH) {
    throw new ProtocolEncodeError(
      `must be a Buffer of at most ${MAX_CONTENT_LENGTH} bytes (MsgLength is one byte)`,
      SMGP_PROTOCOL,
      'msgContent',
    );
  }
  w.uint8(content.length, 'msgLength').bytes(content, 'msgContent');
}

function writeDeliver(w: ByteWriter, pdu: SmgpDeliver): void {
  w.bytes(pdu.msgId, 'msgId', 10)
    .uint8(pdu.isReport, 'isReport')
    .uint8(pdu.msgFormat, 'msgFormat')
    .octets(pdu.recvTime, 14, 'recvTime')
    .octets(pdu.srcTermId, 21, 'srcTermId')
    .octets(pdu.destTermId, 21, 'destTermId');
  writeContent(w, pdu.isReport === 1 ? encodeSmgpStatusReport(pdu.report) : pdu.msgContent);
  w.zeros(RESERVE);
  writeSmgpTlvs(w, pdu.tlvs);
}
