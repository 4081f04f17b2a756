import fc from 'fast-check';
import { ProtocolDecodeError, ProtocolEncodeError } from '../core';
import { smgpArbitraries } from './smgp-arbitraries';
import { smgpAuthenticatorClient, smgpAuthenticatorServer } from './smgp-authenticator';
import { createSmgpCodec } from './smgp-codec';
import { SmgpCommand } from './smgp-command';
import { SmgpDeliver, SmgpPdu, SmgpSubmit } from './smgp-pdu';
import {
  SmgpTlvTag,
  byteTlv,
  smgpLinkId,
  smgpPkNumber,
  smgpPkTotal,
  smgpTpUdhi,
  stringTlv,
} from './smgp-tlv';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const pad = (text: string, size: number): string =>
  Buffer.from(text, 'latin1')
    .toString('hex')
    .padEnd(size * 2, '0');
const u32 = (n: number): string => n.toString(16).padStart(8, '0');

const codec = createSmgpCodec();

function submit(overrides: Partial<SmgpSubmit> = {}): SmgpSubmit {
  return {
    commandId: SmgpCommand.Submit,
    sequenceId: 5,
    msgType: 6,
    needReport: 1,
    priority: 1,
    serviceId: 'SVC',
    feeType: '00',
    feeCode: '0',
    fixedFee: '0',
    msgFormat: 8,
    validTime: '',
    atTime: '',
    srcTermId: '1065900',
    chargeTermId: '',
    destTermIds: ['13300000000'],
    msgContent: hex('4f60597d'),
    tlvs: [],
    ...overrides,
  };
}

describe('SMGP authenticators and LOGIN', () => {
  it('matches the reference AuthenticatorClient vector', () => {
    expect(smgpAuthenticatorClient('12345678', '888888', 1119162850).toString('hex')).toBe(
      '616a6f8fa8862b70d89f886a2d314341',
    );
  });

  it('encodes LOGIN as 42 bytes and LOGIN_RESP as 33', () => {
    const auth = smgpAuthenticatorClient('12345678', '888888', 1119162850);
    const login: SmgpPdu = {
      commandId: SmgpCommand.Login,
      sequenceId: 1,
      clientId: '12345678',
      authenticatorClient: auth,
      loginMode: 2,
      timestamp: 1119162850,
      clientVersion: 0x30,
    };
    const expected = hex(
      u32(42) + u32(1) + u32(1) + pad('12345678', 8) + auth.toString('hex') + '02' + '42b511e2' + '30',
    );
    expect(codec.encode(login)).toEqual(expected);
    expect(codec.decode(expected)).toEqual(login);
    const server = smgpAuthenticatorServer(0, auth, '888888');
    const resp = codec.encode({
      commandId: SmgpCommand.LoginResp,
      sequenceId: 1,
      status: 0,
      authenticatorServer: server,
      serverVersion: 0x30,
    });
    expect(resp.length).toBe(33);
  });
});

describe('SMGP SUBMIT', () => {
  it('encodes 126 + 21N + L bytes field by field, then TLVs', () => {
    const pdu = submit({
      destTermIds: ['13300000000', '18900000000'],
      tlvs: [
        byteTlv(SmgpTlvTag.TpUdhi, 1),
        byteTlv(SmgpTlvTag.PkTotal, 2),
        stringTlv(SmgpTlvTag.LinkId, 'abc'),
      ],
    });
    const tlvHex = '0002000101' + '0009000102' + '0003000361' + '6263';
    const expected = hex(
      [
        u32(126 + 42 + 4 + 17),
        u32(2),
        u32(5),
        '06',
        '01',
        '01',
        pad('SVC', 10),
        pad('00', 2),
        pad('0', 6),
        pad('0', 6),
        '08',
        pad('', 17),
        pad('', 17),
        pad('1065900', 21),
        pad('', 21),
        '02',
        pad('13300000000', 21),
        pad('18900000000', 21),
        '04',
        '4f60597d',
        pad('', 8),
        tlvHex,
      ].join(''),
    );
    const frame = codec.encode(pdu);
    expect(frame).toEqual(expected);
    const decoded = codec.decode(frame) as SmgpSubmit;
    expect(decoded).toEqual(pdu);
    expect(smgpTpUdhi(decoded.tlvs)).toBe(1);
    expect(smgpPkTotal(decoded.tlvs)).toBe(2);
    expect(smgpPkNumber(decoded.tlvs)).toBeUndefined();
    expect(smgpLinkId(decoded.tlvs)).toBe('abc');
  });

  it('keeps unknown TLV tags and rejects a truncated TLV', () => {
    const frame = codec.encode(
      submit({ tlvs: [{ tag: 0x7777, value: hex('0102') }, byteTlv(SmgpTlvTag.PkNumber, 1)] }),
    );
    expect((codec.decode(frame) as SmgpSubmit).tlvs).toEqual([
      { tag: 0x7777, value: hex('0102') },
      byteTlv(SmgpTlvTag.PkNumber, 1),
    ]);
    const cut = frame.subarray(0, frame.length - 1);
    cut.writeUInt32BE(cut.length, 0);
    expect(() => codec.decode(cut)).toThrow(/tlv/);
    const headerOnly = Buffer.concat([codec.encode(submit()), hex('0002')]);
    headerOnly.writeUInt32BE(headerOnly.length, 0);
    expect(() => codec.decode(headerOnly)).toThrow(/truncated TLV header/);
  });

  it('rejects 100 destinations and over-long content on encode', () => {
    expect(() => codec.encode(submit({ destTermIds: Array(100).fill('1') }))).toThrow(ProtocolEncodeError);
    expect(() => codec.encode(submit({ msgContent: Buffer.alloc(256) }))).toThrow(/msgContent/);
  });

  it('encodes SUBMIT_RESP and DELIVER_RESP as 26 bytes', () => {
    const msgId = hex('12345611051429000001');
    const frame = codec.encode({ commandId: SmgpCommand.SubmitResp, sequenceId: 5, msgId, status: 0 });
    expect(frame).toEqual(hex(u32(26) + '80000002' + u32(5) + '12345611051429000001' + u32(0)));
    expect(codec.encode({ commandId: SmgpCommand.DeliverResp, sequenceId: 5, msgId, status: 0 }).length).toBe(
      26,
    );
  });
});

describe('SMGP DELIVER status report', () => {
  const msgId = hex('12345611051429000001');
  const report = {
    msgId,
    sub: '001',
    dlvrd: '001',
    submitDate: '2411051429',
    doneDate: '2411051430',
    stat: 'DELIVRD',
    err: '000',
    text: '',
  };
  const deliver: SmgpDeliver = {
    commandId: SmgpCommand.Deliver,
    sequenceId: 9,
    msgId: hex('99999911051430000002'),
    isReport: 1,
    msgFormat: 0,
    recvTime: '20241105143000',
    srcTermId: '13300000000',
    destTermId: '1065900',
    report,
    tlvs: [],
  };

  it('lays out the 122-byte report with the raw MsgID inside (89 + 122 bytes)', () => {
    const frame = codec.encode(deliver);
    expect(frame.length).toBe(89 + 122);
    const content = frame.subarray(
      12 + 10 + 1 + 1 + 14 + 21 + 21 + 1,
      12 + 10 + 1 + 1 + 14 + 21 + 21 + 1 + 122,
    );
    expect(content.subarray(0, 3).toString()).toBe('id:');
    expect(content.subarray(3, 13)).toEqual(msgId);
    expect(content.subarray(13, 102).toString('latin1')).toBe(
      ' sub:001 dlvrd:001 submit date:2411051429 done date:2411051430 stat:DELIVRD err:000 text:',
    );
    expect(codec.decode(frame)).toEqual(deliver);
  });

  it('accepts a report whose text is shorter than 20 bytes', () => {
    const full = codec.encode(deliver);
    const contentOffset = 12 + 10 + 1 + 1 + 14 + 21 + 21;
    const shortened = Buffer.concat([
      full.subarray(0, contentOffset),
      Buffer.from([105]),
      full.subarray(contentOffset + 1, contentOffset + 1 + 105),
      Buffer.alloc(8),
    ]);
    shortened.writeUInt32BE(shortened.length, 0);
    expect(codec.decode(shortened)).toMatchObject({ report: { stat: 'DELIVRD', text: '' } });
  });

  it('rejects a report shorter than its fixed fields', () => {
    const frame = codec.encode({ ...deliver, isReport: 0, msgContent: Buffer.alloc(101) } as SmgpDeliver);
    frame[12 + 10] = 1;
    expect(() => codec.decode(frame)).toThrow(ProtocolDecodeError);
  });
});

describe('SMGP header-only PDUs', () => {
  it.each([
    SmgpCommand.ActiveTest,
    SmgpCommand.ActiveTestResp,
    SmgpCommand.Exit,
    SmgpCommand.ExitResp,
  ] as const)('0x%s is 12 bytes', (commandId) => {
    expect(codec.encode({ commandId, sequenceId: 1 })).toEqual(hex(u32(12) + u32(commandId) + u32(1)));
  });

  it('rejects an unknown request id', () => {
    expect(() => codec.decode(hex(u32(12) + u32(5) + u32(1)))).toThrow(/unknown command/);
  });
});

describe('SMGP round trip', () => {
  it.each(Object.entries(smgpArbitraries()))('%s: decode(encode(x)) equals x', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (pdu) => {
        expect(codec.decode(codec.encode(pdu))).toEqual(pdu);
      }),
      { numRuns: 150 },
    );
  });
});
