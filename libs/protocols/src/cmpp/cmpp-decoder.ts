import { ByteReader } from '../core';
import { CmppCommand } from './cmpp-command';
import { CMPP_QUERY_COUNTERS } from './cmpp-encoder';
import { CmppLayout } from './cmpp-layout';
import {
  CmppConnect,
  CmppConnectResp,
  CmppDeliver,
  CmppPdu,
  CmppQuery,
  CmppQueryResp,
  CmppSubmit,
} from './cmpp-pdu';
import { decodeCmppStatusReport } from './cmpp-status-report';

/** Reads the body after the header; trailing bytes beyond the known layout are ignored for interop. */
export function readCmppBody(
  r: ByteReader,
  commandId: number,
  sequenceId: number,
  layout: CmppLayout,
): CmppPdu {
  switch (commandId) {
    case CmppCommand.Connect:
      return readConnect(r, sequenceId);
    case CmppCommand.ConnectResp:
      return readConnectResp(r, sequenceId, layout);
    case CmppCommand.Submit:
      return readSubmit(r, sequenceId, layout);
    case CmppCommand.SubmitResp:
    case CmppCommand.DeliverResp:
      return {
        commandId,
        sequenceId,
        msgId: r.bytes(8, 'msgId'),
        result: r.uint(layout.statusSize, 'result'),
      };
    case CmppCommand.Deliver:
      return readDeliver(r, sequenceId, layout);
    case CmppCommand.Query:
      return readQuery(r, sequenceId);
    case CmppCommand.QueryResp:
      return readQueryResp(r, sequenceId);
    case CmppCommand.Cancel:
      return { commandId, sequenceId, msgId: r.bytes(8, 'msgId') };
    case CmppCommand.CancelResp:
      return { commandId, sequenceId, successId: r.uint(layout.cancelSuccessIdSize, 'successId') };
    case CmppCommand.ActiveTest:
    case CmppCommand.ActiveTestResp:
    case CmppCommand.Terminate:
    case CmppCommand.TerminateResp:
      return { commandId, sequenceId };
    default:
      return r.fail(`unknown command id 0x${commandId.toString(16).padStart(8, '0')}`);
  }
}

function readConnect(r: ByteReader, sequenceId: number): CmppConnect {
  return {
    commandId: CmppCommand.Connect,
    sequenceId,
    sourceAddr: r.octets(6, 'sourceAddr'),
    authenticatorSource: r.bytes(16, 'authenticatorSource'),
    version: r.uint8('version'),
    timestamp: r.uint32('timestamp'),
  };
}

function readConnectResp(r: ByteReader, sequenceId: number, layout: CmppLayout): CmppConnectResp {
  return {
    commandId: CmppCommand.ConnectResp,
    sequenceId,
    status: r.uint(layout.statusSize, 'status'),
    authenticatorIsmg: r.bytes(16, 'authenticatorIsmg'),
    version: r.uint8('version'),
  };
}

/** Built field by field rather than by object spread: spread is an order of magnitude slower on this hot path. */
function readSubmit(r: ByteReader, sequenceId: number, layout: CmppLayout): CmppSubmit {
  const pdu = {
    commandId: CmppCommand.Submit,
    sequenceId,
    msgId: r.bytes(8, 'msgId'),
    pkTotal: r.uint8('pkTotal'),
    pkNumber: r.uint8('pkNumber'),
    registeredDelivery: r.uint8('registeredDelivery'),
    msgLevel: r.uint8('msgLevel'),
    serviceId: r.octets(10, 'serviceId'),
    feeUserType: r.uint8('feeUserType'),
    feeTerminalId: r.octets(layout.terminalIdSize, 'feeTerminalId'),
  } as CmppSubmit;
  if (layout.hasTerminalTypes) pdu.feeTerminalType = r.uint8('feeTerminalType');
  pdu.tpPid = r.uint8('tpPid');
  pdu.tpUdhi = r.uint8('tpUdhi');
  pdu.msgFmt = r.uint8('msgFmt');
  pdu.msgSrc = r.octets(6, 'msgSrc');
  pdu.feeType = r.octets(2, 'feeType');
  pdu.feeCode = r.octets(6, 'feeCode');
  pdu.validTime = r.octets(17, 'validTime');
  pdu.atTime = r.octets(17, 'atTime');
  pdu.srcId = r.octets(21, 'srcId');
  pdu.destTerminalIds = readDestinations(r, layout);
  if (layout.hasTerminalTypes) pdu.destTerminalType = r.uint8('destTerminalType');
  pdu.msgContent = r.bytes(r.uint8('msgLength'), 'msgContent');
  readTrailer(r, layout, pdu);
  return pdu;
}

function readDestinations(r: ByteReader, layout: CmppLayout): string[] {
  const count = r.uint8('destUsrTl');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(r.octets(layout.terminalIdSize, `destTerminalIds[${i}]`));
  return ids;
}

function readTrailer(r: ByteReader, layout: CmppLayout, pdu: { linkId?: string }): void {
  if (layout.hasTerminalTypes) pdu.linkId = r.octets(layout.trailerSize, 'linkId');
  else r.skip(layout.trailerSize, 'reserve');
}

function readDeliver(r: ByteReader, sequenceId: number, layout: CmppLayout): CmppDeliver {
  const pdu = {
    commandId: CmppCommand.Deliver,
    sequenceId,
    msgId: r.bytes(8, 'msgId'),
    destId: r.octets(21, 'destId'),
    serviceId: r.octets(10, 'serviceId'),
    tpPid: r.uint8('tpPid'),
    tpUdhi: r.uint8('tpUdhi'),
    msgFmt: r.uint8('msgFmt'),
    srcTerminalId: r.octets(layout.terminalIdSize, 'srcTerminalId'),
  } as CmppDeliver;
  if (layout.hasTerminalTypes) pdu.srcTerminalType = r.uint8('srcTerminalType');
  const isReport = r.uint8('registeredDelivery') === 1;
  const content = r.bytes(r.uint8('msgLength'), 'msgContent');
  readTrailer(r, layout, pdu);
  if (isReport) {
    return Object.assign(pdu, {
      registeredDelivery: 1 as const,
      report: decodeCmppStatusReport(content, layout.protocol),
    });
  }
  return Object.assign(pdu, { registeredDelivery: 0 as const, msgContent: content });
}

function readQuery(r: ByteReader, sequenceId: number): CmppQuery {
  const pdu: CmppQuery = {
    commandId: CmppCommand.Query,
    sequenceId,
    time: r.octets(8, 'time'),
    queryType: r.uint8('queryType'),
    queryCode: r.octets(10, 'queryCode'),
  };
  r.skip(8, 'reserve');
  return pdu;
}

function readQueryResp(r: ByteReader, sequenceId: number): CmppQueryResp {
  const pdu = {
    commandId: CmppCommand.QueryResp,
    sequenceId,
    time: r.octets(8, 'time'),
    queryType: r.uint8('queryType'),
    queryCode: r.octets(10, 'queryCode'),
  } as CmppQueryResp;
  for (const field of CMPP_QUERY_COUNTERS) pdu[field] = r.uint32(field);
  return pdu;
}
