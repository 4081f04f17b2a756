import { ByteWriter, ProtocolEncodeError } from '../core';
import { CmppCommand } from './cmpp-command';
import { CmppLayout } from './cmpp-layout';
import {
  CmppCancel,
  CmppCancelResp,
  CmppConnect,
  CmppConnectResp,
  CmppDeliver,
  CmppDeliverResp,
  CmppPdu,
  CmppQuery,
  CmppQueryResp,
  CmppSubmit,
  CmppSubmitResp,
} from './cmpp-pdu';
import { encodeCmppStatusReport } from './cmpp-status-report';

/** "DestUsr_tl < 100" in both 2.0 and 3.0. */
export const CMPP_MAX_DESTINATIONS = 99;
const MAX_CONTENT_LENGTH = 0xff;
export const CMPP_QUERY_COUNTERS = [
  'mtTlMsg',
  'mtTlUsr',
  'mtScs',
  'mtWt',
  'mtFl',
  'moScs',
  'moWt',
  'moFl',
] as const;

export function writeCmppBody(w: ByteWriter, pdu: CmppPdu, layout: CmppLayout): void {
  switch (pdu.commandId) {
    case CmppCommand.Connect:
      return writeConnect(w, pdu);
    case CmppCommand.ConnectResp:
      return writeConnectResp(w, pdu, layout);
    case CmppCommand.Submit:
      return writeSubmit(w, pdu, layout);
    case CmppCommand.SubmitResp:
    case CmppCommand.DeliverResp:
      return writeMsgIdResult(w, pdu, layout);
    case CmppCommand.Deliver:
      return writeDeliver(w, pdu, layout);
    case CmppCommand.Query:
      return writeQuery(w, pdu);
    case CmppCommand.QueryResp:
      return writeQueryResp(w, pdu);
    case CmppCommand.Cancel:
      return writeCancel(w, pdu);
    case CmppCommand.CancelResp:
      return writeCancelResp(w, pdu, layout);
    case CmppCommand.ActiveTestResp:
      w.zeros(1);
      return;
    case CmppCommand.ActiveTest:
    case CmppCommand.Terminate:
    case CmppCommand.TerminateResp:
      return;
    default:
      throw new ProtocolEncodeError(
        `unknown commandId ${String((pdu as { commandId: unknown }).commandId)}`,
        layout.protocol,
      );
  }
}

function writeConnect(w: ByteWriter, pdu: CmppConnect): void {
  w.octets(pdu.sourceAddr, 6, 'sourceAddr')
    .bytes(pdu.authenticatorSource, 'authenticatorSource', 16)
    .uint8(pdu.version, 'version')
    .uint32(pdu.timestamp, 'timestamp');
}

function writeConnectResp(w: ByteWriter, pdu: CmppConnectResp, layout: CmppLayout): void {
  w.uint(pdu.status, layout.statusSize, 'status')
    .bytes(pdu.authenticatorIsmg, 'authenticatorIsmg', 16)
    .uint8(pdu.version, 'version');
}

function writeSubmit(w: ByteWriter, pdu: CmppSubmit, layout: CmppLayout): void {
  w.bytes(pdu.msgId, 'msgId', 8)
    .uint8(pdu.pkTotal, 'pkTotal')
    .uint8(pdu.pkNumber, 'pkNumber')
    .uint8(pdu.registeredDelivery, 'registeredDelivery')
    .uint8(pdu.msgLevel, 'msgLevel')
    .octets(pdu.serviceId, 10, 'serviceId')
    .uint8(pdu.feeUserType, 'feeUserType')
    .octets(pdu.feeTerminalId, layout.terminalIdSize, 'feeTerminalId');
  if (layout.hasTerminalTypes) w.uint8(pdu.feeTerminalType ?? 0, 'feeTerminalType');
  w.uint8(pdu.tpPid, 'tpPid')
    .uint8(pdu.tpUdhi, 'tpUdhi')
    .uint8(pdu.msgFmt, 'msgFmt')
    .octets(pdu.msgSrc, 6, 'msgSrc')
    .octets(pdu.feeType, 2, 'feeType')
    .octets(pdu.feeCode, 6, 'feeCode')
    .octets(pdu.validTime, 17, 'validTime')
    .octets(pdu.atTime, 17, 'atTime')
    .octets(pdu.srcId, 21, 'srcId');
  writeDestinations(w, pdu.destTerminalIds, layout);
  if (layout.hasTerminalTypes) w.uint8(pdu.destTerminalType ?? 0, 'destTerminalType');
  writeContent(w, pdu.msgContent, layout);
  writeTrailer(w, pdu.linkId, layout);
}

function writeDestinations(w: ByteWriter, destinations: string[], layout: CmppLayout): void {
  if (
    !Array.isArray(destinations) ||
    destinations.length < 1 ||
    destinations.length > CMPP_MAX_DESTINATIONS
  ) {
    throw new ProtocolEncodeError(
      `needs 1..${CMPP_MAX_DESTINATIONS} numbers, got ${Array.isArray(destinations) ? destinations.length : 'none'}`,
      layout.protocol,
      'destTerminalIds',
    );
  }
  w.uint8(destinations.length, 'destUsrTl');
  destinations.forEach((id, i) => w.octets(id, layout.terminalIdSize, `destTerminalIds[${i}]`));
}

function writeContent(w: ByteWriter, content: Buffer, layout: CmppLayout): void {
  if (!Buffer.isBuffer(content) || content.length > MAX_CONTENT_LENGTH) {
    throw new ProtocolEncodeError(
      `must be a Buffer of at most ${MAX_CONTENT_LENGTH} bytes (Msg_Length is one byte)`,
      layout.protocol,
      'msgContent',
    );
  }
  w.uint8(content.length, 'msgLength').bytes(content, 'msgContent');
}

function writeTrailer(w: ByteWriter, linkId: string | undefined, layout: CmppLayout): void {
  if (layout.hasTerminalTypes) w.octets(linkId ?? '', layout.trailerSize, 'linkId');
  else w.zeros(layout.trailerSize);
}

function writeMsgIdResult(w: ByteWriter, pdu: CmppSubmitResp | CmppDeliverResp, layout: CmppLayout): void {
  w.bytes(pdu.msgId, 'msgId', 8).uint(pdu.result, layout.statusSize, 'result');
}

function writeDeliver(w: ByteWriter, pdu: CmppDeliver, layout: CmppLayout): void {
  w.bytes(pdu.msgId, 'msgId', 8)
    .octets(pdu.destId, 21, 'destId')
    .octets(pdu.serviceId, 10, 'serviceId')
    .uint8(pdu.tpPid, 'tpPid')
    .uint8(pdu.tpUdhi, 'tpUdhi')
    .uint8(pdu.msgFmt, 'msgFmt')
    .octets(pdu.srcTerminalId, layout.terminalIdSize, 'srcTerminalId');
  if (layout.hasTerminalTypes) w.uint8(pdu.srcTerminalType ?? 0, 'srcTerminalType');
  w.uint8(pdu.registeredDelivery, 'registeredDelivery');
  const content = pdu.registeredDelivery === 1 ? encodeCmppStatusReport(pdu.report, layout) : pdu.msgContent;
  writeContent(w, content, layout);
  writeTrailer(w, pdu.linkId, layout);
}

function writeQuery(w: ByteWriter, pdu: CmppQuery): void {
  w.octets(pdu.time, 8, 'time')
    .uint8(pdu.queryType, 'queryType')
    .octets(pdu.queryCode, 10, 'queryCode')
    .zeros(8);
}

function writeQueryResp(w: ByteWriter, pdu: CmppQueryResp): void {
  w.octets(pdu.time, 8, 'time').uint8(pdu.queryType, 'queryType').octets(pdu.queryCode, 10, 'queryCode');
  for (const field of CMPP_QUERY_COUNTERS) w.uint32(pdu[field], field);
}

function writeCancel(w: ByteWriter, pdu: CmppCancel): void {
  w.bytes(pdu.msgId, 'msgId', 8);
}

function writeCancelResp(w: ByteWriter, pdu: CmppCancelResp, layout: CmppLayout): void {
  w.uint(pdu.successId, layout.cancelSuccessIdSize, 'successId');
}
