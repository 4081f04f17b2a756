import fc from 'fast-check';
import { ProtocolDecodeError, ProtocolEncodeError } from '../core';
import { cmppArbitraries } from './cmpp-arbitraries';
import { cmppAuthenticatorSource } from './cmpp-authenticator';
import { createCmppCodec } from './cmpp-codec';
import { CmppCommand } from './cmpp-command';
import { CmppDeliver, CmppPdu, CmppSubmit } from './cmpp-pdu';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const pad = (text: string, size: number): string =>
  Buffer.from(text, 'latin1')
    .toString('hex')
    .padEnd(size * 2, '0');
const u32 = (n: number): string => n.toString(16).padStart(8, '0');

const cmpp2 = createCmppCodec({ version: 2 });
const cmpp3 = createCmppCodec({ version: 3 });

function submit(overrides: Partial<CmppSubmit> = {}): CmppSubmit {
  return {
    commandId: CmppCommand.Submit,
    sequenceId: 7,
    msgId: Buffer.alloc(8),
    pkTotal: 1,
    pkNumber: 1,
    registeredDelivery: 1,
    msgLevel: 0,
    serviceId: 'TEST',
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
    srcId: '1069001',
    destTerminalIds: ['13800138000'],
    msgContent: Buffer.from('4f60597d', 'hex'),
    ...overrides,
  };
}

describe('CMPP codec golden vectors', () => {
  it('encodes the reference CONNECT vector byte for byte', () => {
    const expected = hex(
      '00000027 00000001 00000001 393030303031 c1d46f474e0eb4c5e8c8510b93c743c4 30 42b511e2',
    );
    const pdu: CmppPdu = {
      commandId: CmppCommand.Connect,
      sequenceId: 1,
      sourceAddr: '900001',
      authenticatorSource: cmppAuthenticatorSource('900001', '888888', 1119162850),
      version: 0x30,
      timestamp: 1119162850,
    };
    expect(cmpp3.encode(pdu)).toEqual(expected);
    expect(cmpp2.encode(pdu)).toEqual(expected);
    expect(cmpp3.decode(expected)).toEqual(pdu);
  });

  it('encodes a CMPP 2.0 SUBMIT as 138 + 21N + L bytes, field by field', () => {
    const expected = hex(
      [
        u32(138 + 21 + 4),
        u32(4),
        u32(7),
        '0000000000000000',
        '01',
        '01',
        '01',
        '00',
        pad('TEST', 10),
        '02',
        pad('', 21),
        '00',
        '00',
        '08',
        pad('900001', 6),
        pad('01', 2),
        pad('0', 6),
        pad('', 17),
        pad('', 17),
        pad('1069001', 21),
        '01',
        pad('13800138000', 21),
        '04',
        '4f60597d',
        pad('', 8),
      ].join(''),
    );
    const frame = cmpp2.encode(submit());
    expect(frame.length).toBe(138 + 21 * 1 + 4);
    expect(frame).toEqual(expected);
  });

  it('encodes a CMPP 3.0 SUBMIT as 163 + 32N + L bytes, field by field', () => {
    const pdu = submit({
      feeTerminalType: 0,
      destTerminalIds: ['13800138000', '13900139000'],
      destTerminalType: 0,
      linkId: 'L1',
    });
    const expected = hex(
      [
        u32(163 + 64 + 4),
        u32(4),
        u32(7),
        '0000000000000000',
        '01',
        '01',
        '01',
        '00',
        pad('TEST', 10),
        '02',
        pad('', 32),
        '00',
        '00',
        '00',
        '08',
        pad('900001', 6),
        pad('01', 2),
        pad('0', 6),
        pad('', 17),
        pad('', 17),
        pad('1069001', 21),
        '02',
        pad('13800138000', 32),
        pad('13900139000', 32),
        '00',
        '04',
        '4f60597d',
        pad('L1', 20),
      ].join(''),
    );
    const frame = cmpp3.encode(pdu);
    expect(frame.length).toBe(163 + 32 * 2 + 4);
    expect(frame).toEqual(expected);
    expect(cmpp3.decode(frame)).toEqual(pdu);
  });

  it.each([
    [cmpp2, CmppCommand.SubmitResp, 21],
    [cmpp3, CmppCommand.SubmitResp, 24],
    [cmpp2, CmppCommand.DeliverResp, 21],
    [cmpp3, CmppCommand.DeliverResp, 24],
  ] as const)('sizes %s response %s at %i bytes', (codec, commandId, length) => {
    expect(codec.encode({ commandId, sequenceId: 1, msgId: Buffer.alloc(8), result: 0 }).length).toBe(length);
  });

  it('sizes CONNECT_RESP at 30 bytes on 2.0 and 33 on 3.0, ACTIVE_TEST_RESP at 13, TERMINATE at 12', () => {
    const resp = {
      commandId: CmppCommand.ConnectResp,
      sequenceId: 1,
      status: 0,
      authenticatorIsmg: Buffer.alloc(16),
      version: 0x30,
    } as const;
    expect(cmpp2.encode(resp).length).toBe(30);
    expect(cmpp3.encode(resp).length).toBe(33);
    expect(cmpp3.encode({ commandId: CmppCommand.ActiveTestResp, sequenceId: 1 }).length).toBe(13);
    expect(cmpp3.encode({ commandId: CmppCommand.Terminate, sequenceId: 1 }).length).toBe(12);
  });

  it('accepts a 12-byte ACTIVE_TEST_RESP from peers that omit the reserved byte', () => {
    expect(cmpp3.decode(hex('0000000c 80000008 00000009'))).toEqual({
      commandId: CmppCommand.ActiveTestResp,
      sequenceId: 9,
    });
  });
});

describe('CMPP DELIVER status reports', () => {
  const report = {
    msgId: hex('b2b9da8000010000'),
    stat: 'DELIVRD',
    submitTime: '2411051429',
    doneTime: '2411051430',
    destTerminalId: '13800138000',
    smscSequence: 42,
  };
  const deliver = (overrides: Partial<CmppDeliver> = {}): CmppDeliver =>
    ({
      commandId: CmppCommand.Deliver,
      sequenceId: 3,
      msgId: hex('0000000000000001'),
      destId: '1069001',
      serviceId: '',
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      srcTerminalId: '13800138000',
      registeredDelivery: 1,
      report,
      ...overrides,
    }) as CmppDeliver;

  it('carries a 60-byte report on 2.0 (85 + 60) and a 71-byte report on 3.0 (109 + 71)', () => {
    const v2 = cmpp2.encode(deliver());
    const v3pdu = deliver({ srcTerminalType: 0, linkId: '' });
    const v3 = cmpp3.encode(v3pdu);
    expect(v2.length).toBe(85 + 60);
    expect(v3.length).toBe(109 + 71);
    expect(cmpp2.decode(v2)).toEqual(deliver());
    expect(cmpp3.decode(v3)).toEqual(v3pdu);
  });

  it('tolerates a 2.0-style 60-byte report on a 3.0 link', () => {
    const content = Buffer.concat([
      report.msgId,
      Buffer.from('DELIVRD24110514292411051430', 'latin1'),
      hex(pad('13800138000', 21)),
      hex(u32(42)),
    ]);
    expect(content.length).toBe(60);
    const body = Buffer.concat([
      hex('0000000000000001'),
      hex(pad('1069001', 21)),
      hex(pad('', 10)),
      hex('000000'),
      hex(pad('13800138000', 32)),
      hex('00'),
      hex('01'),
      Buffer.from([content.length]),
      content,
      hex(pad('', 20)),
    ]);
    const frame = Buffer.concat([hex(u32(12 + body.length) + u32(5) + u32(3)), body]);
    const decoded = cmpp3.decode(frame);
    expect(decoded).toMatchObject({ registeredDelivery: 1, report });
  });

  it('rejects a report body shorter than 60 bytes', () => {
    const frame = cmpp2.encode({
      ...deliver(),
      registeredDelivery: 0,
      msgContent: Buffer.alloc(59),
    } as CmppDeliver);
    frame[12 + 8 + 21 + 10 + 3 + 21] = 1;
    expect(() => cmpp2.decode(frame)).toThrow(ProtocolDecodeError);
  });
});

describe('CMPP encoder validation', () => {
  it('rejects an over-long octet string naming the field', () => {
    expect(() => cmpp2.encode(submit({ serviceId: 'ELEVENCHARS' }))).toThrow(/serviceId.*holds 10/);
    expect(() => cmpp2.encode(submit({ serviceId: 'ELEVENCHARS' }))).toThrow(ProtocolEncodeError);
  });

  it('rejects 0 or 100 destinations, content over 255 bytes and a short msgId', () => {
    expect(() => cmpp2.encode(submit({ destTerminalIds: [] }))).toThrow(/destTerminalIds/);
    expect(() => cmpp2.encode(submit({ destTerminalIds: Array(100).fill('1') }))).toThrow(/destTerminalIds/);
    expect(() => cmpp2.encode(submit({ msgContent: Buffer.alloc(256) }))).toThrow(/msgContent/);
    expect(() => cmpp2.encode(submit({ msgId: Buffer.alloc(4) }))).toThrow(/msgId/);
  });

  it('rejects a frame over the configured limit on both sides', () => {
    const small = createCmppCodec({ version: 2, maxFrameLength: 100 });
    expect(() => small.encode(submit())).toThrow(/exceeds the 100-byte limit/);
    expect(() => small.decode(cmpp2.encode(submit()))).toThrow(ProtocolDecodeError);
  });
});

describe('CMPP decoder rejects malformed frames', () => {
  it.each([
    ['unknown command', '0000000c 00000003 00000001'],
    ['length field lies', '0000000d 00000008 00000001'],
    ['shorter than header', '00000008 00000008'],
    ['truncated CONNECT', '00000010 00000001 00000001 39303030'],
  ])('%s', (_name, frame) => {
    expect(() => cmpp3.decode(hex(frame))).toThrow(ProtocolDecodeError);
  });
});

describe.each([2, 3] as const)('CMPP %i.0 round trip', (version) => {
  const codec = createCmppCodec({ version });
  it.each(Object.entries(cmppArbitraries(version)))('%s: decode(encode(x)) equals x', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (pdu) => {
        expect(codec.decode(codec.encode(pdu))).toEqual(pdu);
      }),
      { numRuns: 150 },
    );
  });
});
