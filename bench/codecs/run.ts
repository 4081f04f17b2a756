/**
 * Encode/decode throughput per codec for SUBMIT and DELIVER.
 *   node -r @swc-node/register bench/codecs/run.ts [--iterations N]
 */
import { CmppCommand, CmppPdu, createCmppCodec } from '../../libs/protocols/src/cmpp';
import { PduCodec } from '../../libs/protocols/src/core';
import { SgipCommand, SgipPdu, createSgipCodec } from '../../libs/protocols/src/sgip';
import { SmgpCommand, SmgpPdu, SmgpTlvTag, byteTlv, createSmgpCodec } from '../../libs/protocols/src/smgp';

const CONTENT = Buffer.from('【通达】您的验证码是 123456，5 分钟内有效。', 'utf16le').swap16();
const iterationsArg = process.argv.indexOf('--iterations');
const ITERATIONS = iterationsArg === -1 ? 200_000 : Number(process.argv[iterationsArg + 1]);

function cmppSubmit(version: 2 | 3): CmppPdu {
  return {
    commandId: CmppCommand.Submit,
    sequenceId: 1,
    msgId: Buffer.alloc(8),
    pkTotal: 1,
    pkNumber: 1,
    registeredDelivery: 1,
    msgLevel: 0,
    serviceId: 'TONGDAO',
    feeUserType: 2,
    feeTerminalId: '',
    tpPid: 0,
    tpUdhi: 0,
    msgFmt: 8,
    msgSrc: '900001',
    feeType: '01',
    feeCode: '0',
    validTime: '',
    atTime: '',
    srcId: '106900010001',
    destTerminalIds: ['13800138000'],
    msgContent: CONTENT,
    ...(version === 3 ? { feeTerminalType: 0, destTerminalType: 0, linkId: '' } : {}),
  };
}

function cmppDeliver(version: 2 | 3): CmppPdu {
  return {
    commandId: CmppCommand.Deliver,
    sequenceId: 2,
    msgId: Buffer.from('b2b9da8000010000', 'hex'),
    destId: '106900010001',
    serviceId: 'TONGDAO',
    tpPid: 0,
    tpUdhi: 0,
    msgFmt: 0,
    srcTerminalId: '13800138000',
    registeredDelivery: 1,
    report: {
      msgId: Buffer.from('b2b9da8000010000', 'hex'),
      stat: 'DELIVRD',
      submitTime: '2411051429',
      doneTime: '2411051430',
      destTerminalId: '13800138000',
      smscSequence: 1,
    },
    ...(version === 3 ? { srcTerminalType: 0, linkId: '' } : {}),
  };
}

const sequence = { nodeId: 3027012345, timestamp: 1119162850, sequence: 1 };
const sgipSubmit: SgipPdu = {
  commandId: SgipCommand.Submit,
  sequence,
  spNumber: '10655001',
  chargeNumber: '000000000000000000000',
  userNumbers: ['8613000000000'],
  corpId: '12345',
  serviceType: 'TONGDAO',
  feeType: 1,
  feeValue: '0',
  givenValue: '0',
  agentFlag: 0,
  morelatetoMtFlag: 2,
  priority: 0,
  expireTime: '',
  scheduleTime: '',
  reportFlag: 1,
  tpPid: 0,
  tpUdhi: 0,
  messageCoding: 8,
  messageType: 0,
  messageContent: CONTENT,
};
const sgipDeliver: SgipPdu = {
  commandId: SgipCommand.Deliver,
  sequence,
  userNumber: '8613000000000',
  spNumber: '10655001',
  tpPid: 0,
  tpUdhi: 0,
  messageCoding: 8,
  messageContent: CONTENT,
};
const smgpSubmit: SmgpPdu = {
  commandId: SmgpCommand.Submit,
  sequenceId: 1,
  msgType: 6,
  needReport: 1,
  priority: 1,
  serviceId: 'TONGDAO',
  feeType: '00',
  feeCode: '0',
  fixedFee: '0',
  msgFormat: 8,
  validTime: '',
  atTime: '',
  srcTermId: '1065900',
  chargeTermId: '',
  destTermIds: ['13300000000'],
  msgContent: CONTENT,
  tlvs: [byteTlv(SmgpTlvTag.TpUdhi, 0)],
};
const smgpDeliver: SmgpPdu = {
  commandId: SmgpCommand.Deliver,
  sequenceId: 2,
  msgId: Buffer.from('12345611051429000001', 'hex'),
  isReport: 1,
  msgFormat: 0,
  recvTime: '20241105143000',
  srcTermId: '13300000000',
  destTermId: '1065900',
  report: {
    msgId: Buffer.from('12345611051429000001', 'hex'),
    sub: '001',
    dlvrd: '001',
    submitDate: '2411051429',
    doneDate: '2411051430',
    stat: 'DELIVRD',
    err: '000',
    text: '',
  },
  tlvs: [],
};

function rate(work: () => void): number {
  for (let i = 0; i < ITERATIONS / 10; i++) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) work();
  return Math.round(ITERATIONS / (Number(process.hrtime.bigint() - started) / 1e9));
}

function measure<P>(codec: PduCodec<P>, label: string, pdu: P) {
  const frame = codec.encode(pdu);
  return {
    codec: codec.protocol,
    pdu: label,
    bytes: frame.length,
    'encode/s': rate(() => codec.encode(pdu)),
    'decode/s': rate(() => codec.decode(frame)),
  };
}

const cmpp2 = createCmppCodec({ version: 2 });
const cmpp3 = createCmppCodec({ version: 3 });
const sgip = createSgipCodec();
const smgp = createSmgpCodec();
console.log(`node ${process.version}, ${ITERATIONS} iterations per cell`);
console.table([
  measure(cmpp2, 'SUBMIT', cmppSubmit(2)),
  measure(cmpp2, 'DELIVER (report)', cmppDeliver(2)),
  measure(cmpp3, 'SUBMIT', cmppSubmit(3)),
  measure(cmpp3, 'DELIVER (report)', cmppDeliver(3)),
  measure(sgip, 'SUBMIT', sgipSubmit),
  measure(sgip, 'DELIVER (MO)', sgipDeliver),
  measure(smgp, 'SUBMIT', smgpSubmit),
  measure(smgp, 'DELIVER (report)', smgpDeliver),
]);
