import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tongdao/config';
import { loadChannelDefinitions } from './load-channel-definitions';

function configWithChannels(contents: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'channels-')), 'channels.json');
  writeFileSync(file, JSON.stringify(contents));
  return loadConfig({ CHANNELS_FILE: file });
}

describe('loadChannelDefinitions', () => {
  it('uses the simulator channels when no file is configured', () => {
    const channels = loadChannelDefinitions(loadConfig({}));
    expect(channels.map((channel) => channel.protocol).sort()).toEqual(['cmpp3', 'sgip', 'smgp', 'smpp']);
    expect(channels.flatMap((channel) => channel.carriers).sort()).toEqual(['CBN', 'CMCC', 'CTCC', 'CUCC']);
  });

  it('reads the example file shipped in config/ with defaults applied', () => {
    const channels = loadChannelDefinitions(
      loadConfig({ CHANNELS_FILE: join(__dirname, '../../../../config/channels.example.json') }),
    );
    expect(channels).toHaveLength(5);
    expect(channels.find((channel) => channel.id === 'ctcc-smgp-1')).toMatchObject({
      window: 16,
      priority: 1,
      international: false,
    });
  });

  function problemsOf(contents: unknown): string {
    try {
      loadChannelDefinitions(configWithChannels(contents));
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  }

  it('names every bad field of a bad file', () => {
    const message = problemsOf([
      { id: 'Bad Id', protocol: 'x25', host: 'h', port: 70000, account: 'a', sourceNumber: '1069' },
    ]);
    for (const fragment of ['0.id', '0.protocol', '0.port']) expect(message).toContain(fragment);
  });

  it('requires a password and unique ids', () => {
    const channel = { protocol: 'cmpp3', host: 'h', port: 1, account: 'a', sourceNumber: '1' };
    expect(problemsOf([{ ...channel, id: 'nopass' }])).toContain(
      '0.password: password or passwordSealed is required',
    );
    expect(
      problemsOf([
        { ...channel, id: 'dup', password: 'p' },
        { ...channel, id: 'dup', password: 'p' },
      ]),
    ).toContain('duplicate channel id dup');
  });

  it('skips disabled channels', () => {
    const config = configWithChannels([
      {
        id: 'off',
        protocol: 'smgp',
        host: 'h',
        port: 1,
        account: 'a',
        password: 'p',
        sourceNumber: '1',
        enabled: false,
      },
    ]);
    expect(loadChannelDefinitions(config)).toEqual([]);
  });
});
