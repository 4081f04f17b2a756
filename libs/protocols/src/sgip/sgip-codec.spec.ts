import fc from 'fast-check';
import { ProtocolDecodeError, ProtocolEncodeError } from '../core';
import { sgipArbitraries } from './sgip-arbitraries';
import { createSgipCodec } from './sgip-codec';
import { SgipCommand } from './sgip-command';
import { SgipPdu, SgipSubmit } from './sgip-pdu';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const pad = (text: string, size: number): string =>
  Buffer.from(text, 'latin1')
    .toString('hex')
    .padEnd(size * 2, '0');
const u32 = (n: number): string => n.toString(16).padStart(8, '0');

const codec = createSgipCodec();
const sequence = { nodeId: 3027012345, timestamp: 1119162850, sequence: 1 };
const seqHex = u32(3027012345) + u32(1119162850) + u32(1);

function submit(overrides: Partial<SgipSubmit> = {}): SgipSubmit {
  return {
    commandId: SgipCommand.Submit,
    sequence,
    spNumber: '10655001',
    chargeNumber: '000000000000000000000',
    userNumbers: ['8613000000000'],
    corpId: '12345',
    serviceType: 'SVC',
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
    messageContent: hex('4f60597d'),
    ...overrides,
  };
}

describe('SGIP codec golden vectors', () => {
  it('encodes BIND as 61 bytes, password in plain text', () => {
    const pdu: SgipPdu = {
      commandId: SgipCommand.Bind,
      sequence,
      loginType: 1,
      loginName: 'sp',
      loginPassword: 'pw',
    };
    const expected = hex(u32(61) + u32(1) + seqHex + '01' + pad('sp', 16) + pad('pw', 16) + pad('', 8));
    expect(codec.encode(pdu)).toEqual(expected);
    expect(codec.decode(expected)).toEqual(pdu);
  });

  it('encodes every Result(1)+Reserve(8) response as 29 bytes and UNBIND as 20', () => {
    for (const commandId of [
      SgipCommand.BindResp,
      SgipCommand.SubmitResp,
      SgipCommand.DeliverResp,
      SgipCommand.ReportResp,
      SgipCommand.UserRptResp,
    ] as const) {
      const frame = codec.encode({ commandId, sequence, result: 4 });
      expect(frame).toEqual(hex(u32(29) + u32(commandId) + seqHex + '04' + pad('', 8)));
    }
    expect(codec.encode({ commandId: SgipCommand.Unbind, sequence }).length).toBe(20);
  });

  it('encodes REPORT as 64 bytes carrying the submit sequence number', () => {
    const pdu: SgipPdu = {
      commandId: SgipCommand.Report,
      sequence,
      submitSequence: { nodeId: 1, timestamp: 105010203, sequence: 9 },
      reportType: 0,
      userNumber: '8613000000000',
      state: 0,
      errorCode: 0,
    };
    const expected = hex(
      u32(64) +
        u32(5) +
        seqHex +
        u32(1) +
        u32(105010203) +
        u32(9) +
        '00' +
        pad('8613000000000', 21) +
        '00' +
        '00' +
        pad('', 8),
    );
    expect(codec.encode(pdu)).toEqual(expected);
    expect(codec.decode(expected)).toEqual(pdu);
  });

  it('encodes SUBMIT as 143 + 21N + L bytes with a uint32 MessageLength', () => {
    const pdu = submit({ userNumbers: ['8613000000000', '8613100000000'] });
    const expected = hex(
      [
        u32(143 + 42 + 4),
        u32(3),
        seqHex,
        pad('10655001', 21),
        pad('000000000000000000000', 21),
        '02',
        pad('8613000000000', 21),
        pad('8613100000000', 21),
        pad('12345', 5),
        pad('SVC', 10),
        '01',
        pad('0', 6),
        pad('0', 6),
        '00',
        '02',
        '00',
        pad('', 16),
        pad('', 16),
        '01',
        '00',
        '00',
        '08',
        '00',
        u32(4),
        '4f60597d',
        pad('', 8),
      ].join(''),
    );
    expect(codec.encode(pdu)).toEqual(expected);
    expect(codec.decode(expected)).toEqual(pdu);
  });

  it('encodes DELIVER as 77 + L bytes', () => {
    const frame = codec.encode({
      commandId: SgipCommand.Deliver,
      sequence,
      userNumber: '8613000000000',
      spNumber: '10655001',
      tpPid: 0,
      tpUdhi: 0,
      messageCoding: 15,
      messageContent: Buffer.from('TD'),
    });
    expect(frame.length).toBe(20 + 21 + 21 + 3 + 4 + 2 + 8);
  });
});

describe('SGIP validation', () => {
  it('rejects 0 or 101 users and over-long fields on encode', () => {
    expect(() => codec.encode(submit({ userNumbers: [] }))).toThrow(ProtocolEncodeError);
    expect(() => codec.encode(submit({ userNumbers: Array(101).fill('86130') }))).toThrow(/userNumbers/);
    expect(() => codec.encode(submit({ corpId: '123456' }))).toThrow(/corpId/);
  });

  it('rejects a MessageLength that points past the frame', () => {
    const frame = codec.encode(submit());
    frame.writeUInt32BE(0xfffffff0, frame.length - 8 - 4 - 4);
    expect(() => codec.decode(frame)).toThrow(/MessageLength/);
  });

  it.each([
    ['unknown command', u32(20) + u32(0x99) + seqHex],
    ['truncated BIND', u32(25) + u32(1) + seqHex + '0173700000'],
    ['length field lies', u32(40) + u32(2) + seqHex],
  ])('rejects %s', (_name, frame) => {
    expect(() => codec.decode(hex(frame))).toThrow(ProtocolDecodeError);
  });
});

describe('SGIP round trip', () => {
  it.each(Object.entries(sgipArbitraries()))('%s: decode(encode(x)) equals x', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (pdu) => {
        expect(codec.decode(codec.encode(pdu))).toEqual(pdu);
      }),
      { numRuns: 150 },
    );
  });
});
