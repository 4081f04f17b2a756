import { CmppCommand, createCmppCodec } from '../cmpp';
import { ProtocolEncodeError } from '../core';
import { createSgipCodec, SgipCommand } from '../sgip';
import { createSmgpCodec, SmgpCommand } from '../smgp';
import { createSmppCodec } from '../smpp';
import {
  cmppFieldProblems,
  maxSourceLength,
  PROTOCOL_FIELD_LIMITS,
  protocolFieldProblems,
  sgipFieldProblems,
  smgpFieldProblems,
  smppFieldProblems,
} from './protocol-field-limits';

const fields = (problems: Array<{ field: string }>) => problems.map((problem) => problem.field);

describe('protocol field limits', () => {
  it('accepts values that fill each field exactly', () => {
    expect(
      cmppFieldProblems({
        account: '900001',
        password: 'any length of shared secret is hashed, not sent',
        spId: '900001',
        serviceId: 'MTX0010001',
        sourceNumber: '1'.repeat(19),
        extensionCode: '01',
      }),
    ).toEqual([]);
    expect(
      sgipFieldProblems({
        account: 'l'.repeat(16),
        password: 'p'.repeat(16),
        serviceId: 's'.repeat(10),
        sourceNumber: '1'.repeat(21),
        sgip: { receiver: { account: 'a'.repeat(16), password: 'r'.repeat(16) } },
      }),
    ).toEqual([]);
    expect(
      smgpFieldProblems({ account: '12345678', password: 's'.repeat(15), sourceNumber: '1'.repeat(21) }),
    ).toEqual([]);
    expect(
      smppFieldProblems({ account: 's'.repeat(15), password: 'simpass1', sourceNumber: '1'.repeat(20) }),
    ).toEqual([]);
  });

  it('reports every over-long field at once, with its limit', () => {
    const problems = smppFieldProblems({
      account: 's'.repeat(16),
      password: 'sim-secret',
      sourceNumber: '1'.repeat(18),
      extensionCode: '123',
    });
    expect(problems).toEqual([
      { field: 'account', limit: 15, message: 'SMPP 3.4 system_id holds at most 15 octets; this one has 16' },
      { field: 'password', limit: 8, message: 'SMPP 3.4 password holds at most 8 octets; this one has 10' },
      {
        field: 'extensionCode',
        limit: 20,
        message:
          'SMPP 3.4 source_addr holds at most 20 digits; sender number and extension code together have 21',
      },
    ]);
  });

  it('has the widths of the reference for each protocol', () => {
    expect(
      fields(cmppFieldProblems({ account: '9000011', spId: '1234567', serviceId: 'x'.repeat(11) })),
    ).toEqual(['account', 'spId', 'serviceId']);
    expect(
      fields(
        sgipFieldProblems({
          account: 'l'.repeat(17),
          password: 'p'.repeat(17),
          sgip: { receiver: { account: 'a'.repeat(17), password: 'r'.repeat(17) } },
        }),
      ),
    ).toEqual(['account', 'password', 'sgip.receiver.account', 'sgip.receiver.password']);
    expect(fields(smgpFieldProblems({ account: '123456789', password: 's'.repeat(16) }))).toEqual([
      'account',
      'password',
    ]);
    expect(fields(cmppFieldProblems({ account: '900001', sourceNumber: '1'.repeat(22) }))).toEqual([
      'sourceNumber',
    ]);
  });

  it('refuses characters that are not one octet each', () => {
    expect(cmppFieldProblems({ account: '90000１' })[0]?.message).toMatch(/printable ASCII/);
    expect(smgpFieldProblems({ account: '1234', password: '密钥' })[0]?.field).toBe('password');
    expect(smppFieldProblems({ account: 'tongdao', password: 'pass\u0000' })[0]?.field).toBe('password');
  });

  it('dispatches by protocol name and knows each sender field width', () => {
    expect(fields(protocolFieldProblems('cmpp2', { account: '1234567' }))).toEqual(['account']);
    expect(fields(protocolFieldProblems('smpp', { account: 'tongdao', password: 'sim-secret' }))).toEqual([
      'password',
    ]);
    expect(['cmpp3', 'sgip', 'smgp', 'smpp'].map((p) => maxSourceLength(p as 'smpp'))).toEqual([
      21, 21, 21, 20,
    ]);
  });
});

/** What validation lets through the encoders take; one octet more is refused by the encoder, never truncated. */
describe('encoders refuse an over-long fixed field instead of truncating it', () => {
  const auth = Buffer.alloc(16);

  it('CMPP CONNECT Source_Addr', () => {
    const codec = createCmppCodec({ version: 3 });
    const connect = (sourceAddr: string) =>
      codec.encode({
        commandId: CmppCommand.Connect,
        sequenceId: 1,
        sourceAddr,
        authenticatorSource: auth,
        version: 0x30,
        timestamp: 1_130_100_000,
      });
    expect(connect('9'.repeat(PROTOCOL_FIELD_LIMITS.cmpp.sourceAddr))).toHaveLength(39);
    expect(() => connect('9'.repeat(7))).toThrow(ProtocolEncodeError);
  });

  it('SGIP Bind login name and password', () => {
    const codec = createSgipCodec();
    const bind = (loginName: string, loginPassword: string) =>
      codec.encode({
        commandId: SgipCommand.Bind,
        sequence: { nodeId: 1, timestamp: 1, sequence: 1 },
        loginType: 1,
        loginName,
        loginPassword,
      });
    expect(bind('l'.repeat(16), 'p'.repeat(16))).toHaveLength(61);
    expect(() => bind('l'.repeat(17), 'p')).toThrow(/loginName/);
    expect(() => bind('l', 'p'.repeat(17))).toThrow(/loginPassword/);
    // The refused value (a password in clear here) never appears in the error.
    expect(() => bind('l', 'p'.repeat(17))).not.toThrow(/ppp/);
  });

  it('SMGP Login ClientID', () => {
    const codec = createSmgpCodec();
    const login = (clientId: string) =>
      codec.encode({
        commandId: SmgpCommand.Login,
        sequenceId: 1,
        clientId,
        authenticatorClient: auth,
        loginMode: 2,
        timestamp: 1,
        clientVersion: 0x30,
      });
    expect(login('12345678')).toHaveLength(42);
    expect(() => login('123456789')).toThrow(/clientId/);
  });

  it('SMPP bind system_id, password and system_type, and submit_sm source_addr', () => {
    const codec = createSmppCodec();
    const bind = (fields: Record<string, string>) =>
      codec.encode({ command: 'bind_transceiver', command_status: 0, sequence_number: 1, ...fields });
    const ok = bind({ system_id: 's'.repeat(15), password: 'simpass1', system_type: 't'.repeat(12) });
    expect(ok.readUInt32BE(0)).toBe(ok.length);
    expect(() => bind({ system_id: 's'.repeat(16) })).toThrow(/system_id/);
    expect(() => bind({ password: 'sim-secret' })).toThrow(/password/);
    expect(() => bind({ password: 'sim-secret' })).not.toThrow(/sim-secret/);
    expect(() => bind({ system_type: 't'.repeat(13) })).toThrow(/system_type/);
    expect(() =>
      codec.encode({
        command: 'submit_sm',
        command_status: 0,
        sequence_number: 2,
        source_addr: '1'.repeat(21),
        destination_addr: '8613800138000',
        short_message: Buffer.from('x'),
      }),
    ).toThrow(/source_addr/);
  });
});
