import { ByteReader } from '../core';
import { SmgpCommand } from './smgp-command';
import { SmgpDeliver, SmgpPdu, SmgpSubmit } from './smgp-pdu';
import { decodeSmgpStatusReport } from './smgp-status-report';
import { readSmgpTlvs } from './smgp-tlv';

const RESERVE = 8;

/** Reads the body after the header; whatever follows a SUBMIT/DELIVER body must be well-formed TLVs. */
export function readSmgpBody(r: ByteReader, commandId: number, sequenceId: number): SmgpPdu {
  switch (commandId) {
    case SmgpCommand.Login:
      return {
        commandId,
        sequenceId,
        clientId: r.octets(8, 'clientId'),
        authenticatorClient: r.bytes(16, 'authenticatorClient'),
        loginMode: r.uint8('loginMode'),
        timestamp: r.uint32('timestamp'),
        clientVersion: r.uint8('clientVersion'),
      };
    case SmgpCommand.LoginResp:
      return {
        commandId,
        sequenceId,
        status: r.uint32('status'),
        authenticatorServer: r.bytes(16, 'authenticatorServer'),
        serverVersion: r.uint8('serverVersion'),
      };
    case SmgpCommand.Submit:
      return readSubmit(r, sequenceId);
    case SmgpCommand.Deliver:
      return readDeliver(r, sequenceId);
    case SmgpCommand.SubmitResp:
    case SmgpCommand.DeliverResp:
      return { commandId, sequenceId, msgId: r.bytes(10, 'msgId'), status: r.uint32('status') };
    case SmgpCommand.ActiveTest:
    case SmgpCommand.ActiveTestResp:
    case SmgpCommand.Exit:
    case SmgpCommand.ExitResp:
      return { commandId, sequenceId };
    default:
      return r.fail(`unknown command id 0x${commandId.toString(16).padStart(8, '0')}`);
  }
}

/** Built as one literal in wire order rather than by object spread, which is far slower on this hot path. */
function readSubmit(r: ByteReader, sequenceId: number): SmgpSubmit {
  return {
    commandId: SmgpCommand.Submit,
    sequenceId,
    msgType: r.uint8('msgType'),
    needReport: r.uint8('needReport'),
    priority: r.uint8('priority'),
    serviceId: r.octets(10, 'serviceId'),
    feeType: r.octets(2, 'feeType'),
    feeCode: r.octets(6, 'feeCode'),
    fixedFee: r.octets(6, 'fixedFee'),
    msgFormat: r.uint8('msgFormat'),
    validTime: r.octets(17, 'validTime'),
    atTime: r.octets(17, 'atTime'),
    srcTermId: r.octets(21, 'srcTermId'),
    chargeTermId: r.octets(21, 'chargeTermId'),
    destTermIds: readDestinations(r),
    msgContent: r.bytes(r.uint8('msgLength'), 'msgContent'),
    tlvs: skipReserveThenTlvs(r),
  };
}

function readDestinations(r: ByteReader): string[] {
  const count = r.uint8('destTermIdCount');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(r.octets(21, `destTermIds[${i}]`));
  return ids;
}

function skipReserveThenTlvs(r: ByteReader) {
  r.skip(RESERVE, 'reserve');
  return readSmgpTlvs(r);
}

function readDeliver(r: ByteReader, sequenceId: number): SmgpDeliver {
  const msgId = r.bytes(10, 'msgId');
  const isReport = r.uint8('isReport') === 1;
  const msgFormat = r.uint8('msgFormat');
  const recvTime = r.octets(14, 'recvTime');
  const srcTermId = r.octets(21, 'srcTermId');
  const destTermId = r.octets(21, 'destTermId');
  const content = r.bytes(r.uint8('msgLength'), 'msgContent');
  const tlvs = skipReserveThenTlvs(r);
  const commandId = SmgpCommand.Deliver;
  if (isReport) {
    const report = decodeSmgpStatusReport(content);
    return {
      commandId,
      sequenceId,
      msgId,
      isReport: 1,
      msgFormat,
      recvTime,
      srcTermId,
      destTermId,
      report,
      tlvs,
    };
  }
  return {
    commandId,
    sequenceId,
    msgId,
    isReport: 0,
    msgFormat,
    recvTime,
    srcTermId,
    destTermId,
    msgContent: content,
    tlvs,
  };
}
