import { ChannelValidationError, parseChannel } from './channel-definition';
import { toSessionConfig, transportChanged } from './session-config';

const sealer = { seal: (plain: string) => `sealed(${plain})` };
const opener = { open: (sealed: string) => sealed.replace(/^sealed\((.*)\)$/, '$1') };

const minimal = {
  id: 'cm-1',
  protocol: 'cmpp3',
  host: 'ismg.example',
  port: 7890,
  account: '900001',
  password: 'secret',
  sourceNumber: '1069000001',
  carriers: ['CMCC'],
};

function problems(input: unknown): string {
  try {
    parseChannel(input, sealer);
  } catch (error) {
    if (error instanceof ChannelValidationError) return error.message;
    throw error;
  }
  return '';
}

describe('parseChannel', () => {
  it('applies defaults and seals the password', () => {
    const channel = parseChannel(minimal, sealer);
    expect(channel).toMatchObject({
      passwordSealed: 'sealed(secret)',
      kinds: ['verification', 'notification', 'marketing'],
      provinces: null,
      priority: 1,
      weight: 1,
      costPerSegment: 0,
      connections: 1,
      window: 16,
      enabled: true,
      international: false,
    });
    expect(channel).not.toHaveProperty('password');
  });

  it('keeps an already sealed password as it is', () => {
    const { password: _password, ...rest } = minimal;
    expect(parseChannel({ ...rest, passwordSealed: 'v1.x.y.z' }, sealer).passwordSealed).toBe('v1.x.y.z');
  });

  it('normalises province spellings and refuses unknown provinces', () => {
    expect(parseChannel({ ...minimal, provinces: ['广东省', 'Zhejiang'] }, sealer).provinces).toEqual([
      '广东',
      '浙江',
    ]);
    expect(problems({ ...minimal, provinces: ['Atlantis'] })).toContain(
      'provinces.0: unknown province Atlantis',
    );
  });

  it('names every bad field at once', () => {
    const message = problems({
      ...minimal,
      id: 'Bad Id',
      port: 70000,
      weight: 0,
      costPerSegment: 1.5,
      kinds: ['spam'],
    });
    for (const field of ['id', 'port', 'weight', 'costPerSegment', 'kinds.0'])
      expect(message).toContain(`${field}:`);
  });

  it('refuses unknown fields, a missing password, a channel serving nothing and a sender number too long', () => {
    expect(problems({ ...minimal, colour: 'red' })).toContain('colour');
    const { password: _password, ...noPassword } = minimal;
    expect(problems(noPassword)).toContain('password: password or passwordSealed is required');
    expect(problems({ ...minimal, carriers: [] })).toContain('carriers: a channel must serve');
    expect(problems({ ...minimal, extensionCode: '12345678901234' })).toContain(
      'extensionCode: CMPP Src_Id holds at most 21 digits; sender number and extension code together have 24',
    );
  });

  describe('protocol field limits', () => {
    const smpp = { ...minimal, protocol: 'smpp', account: 'tongdao', international: true, carriers: [] };

    it('refuses an SMPP password over 8 and a system_id over 15 octets, naming each field', () => {
      const message = problems({ ...smpp, account: 'a-system-id-of-16', password: 'sim-secret' });
      expect(message).toContain('account: SMPP 3.4 system_id holds at most 15 octets; this one has 17');
      expect(message).toContain('password: SMPP 3.4 password holds at most 8 octets; this one has 10');
      expect(parseChannel({ ...smpp, account: 'x'.repeat(15), password: 'simpass1' }, sealer).account).toBe(
        'x'.repeat(15),
      );
    });

    it('refuses a CMPP Source_Addr over 6 octets, a Msg_src over 6 and a non-ASCII secret', () => {
      const message = problems({ ...minimal, account: '9000011', spId: '9000011', password: '密码' });
      expect(message).toContain('account: CMPP Source_Addr (SP code) holds at most 6 octets; this one has 7');
      expect(message).toContain('spId:');
      expect(message).toContain('password: CMPP shared secret must be printable ASCII');
    });

    it('refuses SGIP logins over 16 octets, the receiver side included', () => {
      const message = problems({
        ...minimal,
        protocol: 'sgip',
        carriers: ['CUCC'],
        account: 'l'.repeat(17),
        password: 'p'.repeat(17),
        sgip: {
          nodeId: 1,
          corpId: '1',
          receiver: { host: 'h', port: 1, account: 'a', password: 'r'.repeat(17) },
        },
      });
      expect(message).toContain('account: SGIP Login Name holds at most 16 octets');
      expect(message).toContain('password: SGIP Login Password holds at most 16 octets');
      expect(message).toContain('sgip.receiver.password: SGIP Login Password (the SMG binding to us) holds');
    });

    it('refuses an SMGP ClientID over 8 octets and a shared secret over 15', () => {
      const message = problems({
        ...minimal,
        protocol: 'smgp',
        carriers: ['CTCC'],
        account: '123456789',
        password: 's'.repeat(16),
      });
      expect(message).toContain('account: SMGP ClientID holds at most 8 octets; this one has 9');
      expect(message).toContain('password: SMGP shared secret holds at most 15 octets; this one has 16');
    });

    it('opens a sealed password when the sealer can, and refuses one that does not fit', () => {
      const both = { ...sealer, ...opener };
      const { password: _password, ...rest } = smpp;
      expect(() => parseChannel({ ...rest, passwordSealed: 'sealed(sim-secret)' }, both)).toThrow(
        'passwordSealed: the sealed password: SMPP 3.4 password holds at most 8 octets; this one has 10',
      );
      expect(parseChannel({ ...rest, passwordSealed: 'sealed(simpass1)' }, both).passwordSealed).toBe(
        'sealed(simpass1)',
      );
      // A sealer that cannot open leaves the check to the session.
      expect(parseChannel({ ...rest, passwordSealed: 'sealed(sim-secret)' }, sealer).passwordSealed).toBe(
        'sealed(sim-secret)',
      );
    });
  });

  it('requires SGIP settings on SGIP channels and seals the receiver password', () => {
    const sgip = { ...minimal, protocol: 'sgip', carriers: ['CUCC'] };
    expect(problems(sgip)).toContain('sgip: SGIP needs');
    const channel = parseChannel(
      {
        ...sgip,
        sgip: {
          nodeId: 3010012345,
          corpId: '12345',
          receiver: { host: 'h', port: 8802, account: 'a', password: 'r' },
        },
      },
      sealer,
    );
    expect(channel.sgip?.receiver).toEqual({
      host: 'h',
      port: 8802,
      account: 'a',
      passwordSealed: 'sealed(r)',
    });
  });

  it('refuses GBK on SMPP, where data_coding 15 is Korean', () => {
    expect(problems({ ...minimal, protocol: 'smpp', preferGbk: true })).toContain('preferGbk');
  });
});

describe('toSessionConfig', () => {
  it('hands the definition itself to the session, secrets opened, TPS left to the cluster bucket', () => {
    const definition = parseChannel(
      {
        ...minimal,
        protocol: 'sgip',
        tps: 100,
        extensionCode: '88',
        sgip: { nodeId: 1, corpId: '1', receiver: { host: 'h', port: 1, account: 'a', password: 'r' } },
      },
      sealer,
    );
    const config = toSessionConfig(definition, opener, { connections: 2, deferReportAck: true });
    expect(config).toMatchObject({
      id: 'cm-1',
      password: 'secret',
      extensionCode: '88',
      connections: 2,
      deferReportAck: true,
      sgip: { nodeId: 1, corpId: '1', receiver: { host: 'h', port: 1, account: 'a', password: 'r' } },
    });
    expect(config.tps).toBeUndefined();
    expect(config).not.toHaveProperty('passwordSealed');
  });
});

describe('transportChanged', () => {
  const base = parseChannel(minimal, sealer);

  it('needs new connections for endpoint, credential and session changes only', () => {
    expect(transportChanged(base, { ...base, port: 7891 })).toBe(true);
    expect(transportChanged(base, { ...base, passwordSealed: 'other' })).toBe(true);
    expect(transportChanged(base, { ...base, window: 32 })).toBe(true);
    expect(
      transportChanged(base, {
        ...base,
        weight: 5,
        priority: 2,
        tps: 50,
        connections: 4,
        kinds: ['marketing'],
      }),
    ).toBe(false);
  });
});
