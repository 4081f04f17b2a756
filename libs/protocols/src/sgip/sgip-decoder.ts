import { ByteReader } from '../core';
import { SgipCommand } from './sgip-command';
import { SgipDeliver, SgipPdu, SgipReport, SgipSequence, SgipSubmit, SgipTraceResp } from './sgip-pdu';

const RESERVE = 8;

export function readSgipSequence(r: ByteReader, field: string): SgipSequence {
  return {
    nodeId: r.uint32(`${field}.nodeId`),
    timestamp: r.uint32(`${field}.timestamp`),
    sequence: r.uint32(`${field}.sequence`),
  };
}

/** Reads the body after the header; trailing bytes beyond the known layout are ignored for interop. */
export function readSgipBody(r: ByteReader, commandId: number, sequence: SgipSequence): SgipPdu {
  switch (commandId) {
    case SgipCommand.Bind:
      return withReserve(r, {
        commandId,
        sequence,
        loginType: r.uint8('loginType'),
        loginName: r.octets(16, 'loginName'),
        loginPassword: r.octets(16, 'loginPassword'),
      });
    case SgipCommand.Submit:
      return readSubmit(r, sequence);
    case SgipCommand.Deliver:
      return readDeliver(r, sequence);
    case SgipCommand.Report:
      return readReport(r, sequence);
    case SgipCommand.UserRpt:
      return withReserve(r, {
        commandId,
        sequence,
        spNumber: r.octets(21, 'spNumber'),
        userNumber: r.octets(21, 'userNumber'),
        userCondition: r.uint8('userCondition'),
      });
    case SgipCommand.Trace:
      return withReserve(r, {
        commandId,
        sequence,
        submitSequence: readSgipSequence(r, 'submitSequence'),
        userNumber: r.octets(21, 'userNumber'),
      });
    case SgipCommand.TraceResp:
      return readTraceResp(r, sequence);
    case SgipCommand.BindResp:
    case SgipCommand.SubmitResp:
    case SgipCommand.DeliverResp:
    case SgipCommand.ReportResp:
    case SgipCommand.UserRptResp:
      return withReserve(r, { commandId, sequence, result: r.uint8('result') });
    case SgipCommand.Unbind:
    case SgipCommand.UnbindResp:
      return { commandId, sequence };
    default:
      return r.fail(`unknown command id 0x${commandId.toString(16).padStart(8, '0')}`);
  }
}

function withReserve<P>(r: ByteReader, pdu: P): P {
  r.skip(RESERVE, 'reserve');
  return pdu;
}

function readSubmit(r: ByteReader, sequence: SgipSequence): SgipSubmit {
  const spNumber = r.octets(21, 'spNumber');
  const chargeNumber = r.octets(21, 'chargeNumber');
  const userCount = r.uint8('userCount');
  const userNumbers: string[] = [];
  for (let i = 0; i < userCount; i++) userNumbers.push(r.octets(21, `userNumbers[${i}]`));
  return withReserve(r, {
    commandId: SgipCommand.Submit,
    sequence,
    spNumber,
    chargeNumber,
    userNumbers,
    corpId: r.octets(5, 'corpId'),
    serviceType: r.octets(10, 'serviceType'),
    feeType: r.uint8('feeType'),
    feeValue: r.octets(6, 'feeValue'),
    givenValue: r.octets(6, 'givenValue'),
    agentFlag: r.uint8('agentFlag'),
    morelatetoMtFlag: r.uint8('morelatetoMtFlag'),
    priority: r.uint8('priority'),
    expireTime: r.octets(16, 'expireTime'),
    scheduleTime: r.octets(16, 'scheduleTime'),
    reportFlag: r.uint8('reportFlag'),
    tpPid: r.uint8('tpPid'),
    tpUdhi: r.uint8('tpUdhi'),
    messageCoding: r.uint8('messageCoding'),
    messageType: r.uint8('messageType'),
    messageContent: readContent(r),
  });
}

function readContent(r: ByteReader): Buffer {
  const length = r.uint32('messageLength');
  if (length > r.remaining)
    r.fail(`MessageLength ${length} exceeds the ${r.remaining} bytes left in the frame`);
  return r.bytes(length, 'messageContent');
}

function readDeliver(r: ByteReader, sequence: SgipSequence): SgipDeliver {
  return withReserve(r, {
    commandId: SgipCommand.Deliver,
    sequence,
    userNumber: r.octets(21, 'userNumber'),
    spNumber: r.octets(21, 'spNumber'),
    tpPid: r.uint8('tpPid'),
    tpUdhi: r.uint8('tpUdhi'),
    messageCoding: r.uint8('messageCoding'),
    messageContent: readContent(r),
  });
}

function readReport(r: ByteReader, sequence: SgipSequence): SgipReport {
  return withReserve(r, {
    commandId: SgipCommand.Report,
    sequence,
    submitSequence: readSgipSequence(r, 'submitSequence'),
    reportType: r.uint8('reportType'),
    userNumber: r.octets(21, 'userNumber'),
    state: r.uint8('state'),
    errorCode: r.uint8('errorCode'),
  });
}

function readTraceResp(r: ByteReader, sequence: SgipSequence): SgipTraceResp {
  return withReserve(r, {
    commandId: SgipCommand.TraceResp,
    sequence,
    count: r.uint8('count'),
    result: r.uint8('result'),
    nodeId: r.octets(6, 'nodeId'),
    receiveTime: r.octets(16, 'receiveTime'),
    sendTime: r.octets(16, 'sendTime'),
  });
}
