import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tongdao/config';
import { SecretBox } from '@tongdao/platform';
import { CHANNEL_PASSWORD_PURPOSE } from '@tongdao/routing';
import { loadChannelSeed, seedFingerprint } from './channel-seed-source';

function configWithFile(contents: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'channels-')), 'channels.json');
  writeFileSync(file, JSON.stringify(contents));
  return loadConfig({ CHANNELS_FILE: file });
}

function problemsOf(contents: unknown): string {
  try {
    loadChannelSeed(configWithFile(contents));
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

const channel = {
  protocol: 'cmpp3',
  host: 'h',
  port: 1,
  account: 'a',
  sourceNumber: '1',
  carriers: ['CMCC'],
};

describe('loadChannelSeed', () => {
  it('seeds the simulator defaults: two channels per mainland carrier, SMPP abroad and a Guangdong route', () => {
    const { channels, routes } = loadChannelSeed(loadConfig({}));
    const byCarrier = (carrier: string) =>
      channels.filter(({ value }) => value.carriers.includes(carrier as never)).map(({ value }) => value.id);
    expect(byCarrier('CMCC')).toEqual(['sim-cmcc-cmpp3', 'sim-cmcc-cmpp2']);
    expect(byCarrier('CUCC')).toEqual(['sim-cucc-sgip', 'sim-cucc-sgip2']);
    expect(byCarrier('CTCC')).toEqual(['sim-ctcc-smgp', 'sim-ctcc-smgp2']);
    expect(byCarrier('CBN')).toHaveLength(2);
    expect(channels.filter(({ value }) => value.international).map(({ value }) => value.id)).toEqual([
      'sim-intl-smpp',
    ]);
    expect(routes.map(({ value }) => [value.target, value.province, value.channels])).toEqual([
      ['CMCC', '广东', [{ channelId: 'sim-cmcc-cmpp2' }]],
    ]);
    expect(channels[0]!.value).not.toHaveProperty('password');
    expect(channels[0]!.value.passwordSealed).toMatch(/^v1\./);
  });

  it('reads the example files shipped in config/: the list format and the format with routes', () => {
    const list = loadChannelSeed(
      loadConfig({ CHANNELS_FILE: join(__dirname, '../../../../config/channels.example.json') }),
    );
    expect(list.channels).toHaveLength(5);
    expect(list.channels.find(({ value }) => value.id === 'ctcc-smgp-1')?.value).toMatchObject({
      window: 16,
      priority: 1,
      weight: 1,
      international: false,
    });
    const withRoutes = loadChannelSeed(
      loadConfig({ CHANNELS_FILE: join(__dirname, '../../../../config/channels-and-routes.example.json') }),
    );
    expect(withRoutes.routes.length).toBeGreaterThan(0);
  });

  it('names every bad field of a bad file, channels and routes', () => {
    const message = problemsOf({
      channels: [{ ...channel, id: 'Bad Id', port: 70000, password: 'p' }],
      routes: [{ id: 'r', target: 'CMCC', channels: [{ channelId: 'ghost' }] }],
    });
    for (const fragment of [
      'channels.0.id',
      'channels.0.port',
      'routes.0.channels.0.channelId: no channel ghost',
    ])
      expect(message).toContain(fragment);
  });

  it('stops the boot on credentials and numbers the protocols cannot carry, naming channel, field and limit', () => {
    const message = problemsOf([
      {
        ...channel,
        id: 'intl',
        protocol: 'smpp',
        account: 'tongdao',
        password: 'sim-secret',
        international: true,
      },
      {
        ...channel,
        id: 'telecom',
        protocol: 'smgp',
        account: '123456789',
        password: 'p',
        carriers: ['CTCC'],
      },
      { ...channel, id: 'mobile', password: 'p', sourceNumber: '1'.repeat(20), extensionCode: '123' },
    ]);
    for (const fragment of [
      'channels.0.password: SMPP 3.4 password holds at most 8 octets; this one has 10 (channel intl)',
      'channels.1.account: SMGP ClientID holds at most 8 octets; this one has 9 (channel telecom)',
      'channels.2.extensionCode: CMPP Src_Id holds at most 21 digits; sender number and extension code together have 23 (channel mobile)',
    ])
      expect(message).toContain(fragment);
  });

  it('opens sealed passwords at boot to check them too', () => {
    const config = configWithFile([]);
    const sealed = new SecretBox(config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE).seal('sim-secret');
    expect(
      problemsOf([
        {
          ...channel,
          id: 'intl',
          protocol: 'smpp',
          account: 'tongdao',
          passwordSealed: sealed,
          international: true,
        },
      ]),
    ).toContain('channels.0.passwordSealed: the sealed password: SMPP 3.4 password holds at most 8 octets');
  });

  it('requires a password and unique ids', () => {
    expect(problemsOf([{ ...channel, id: 'nopass' }])).toContain(
      'channels.0.password: password or passwordSealed is required',
    );
    expect(
      problemsOf([
        { ...channel, id: 'dup', password: 'p' },
        { ...channel, id: 'dup', password: 'p' },
      ]),
    ).toContain('channels.1.id: duplicate id dup');
  });

  it('fingerprints entries by content, keyed, whatever the key order', () => {
    const key = Buffer.alloc(32, 1);
    const fingerprint = seedFingerprint(key);
    expect(fingerprint({ a: 1, b: [2, { c: 3 }] })).toBe(fingerprint({ b: [2, { c: 3 }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(seedFingerprint(Buffer.alloc(32, 2))({ a: 1 })).not.toBe(fingerprint({ a: 1 }));
  });
});
