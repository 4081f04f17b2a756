import { createHmac, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppConfig } from '@tongdao/config';
import { SecretBox } from '@tongdao/platform';
import {
  CHANNEL_PASSWORD_PURPOSE,
  ChannelFile,
  ChannelValidationError,
  parseChannelFile,
} from '@tongdao/routing';
import { simulatorChannelFile } from './simulator-channels';

/**
 * What seeds the channels table: the given document (tests), else CHANNELS_FILE, else the embedded simulator
 * defaults. A bad file stops the dispatcher with every problem listed.
 */
export function loadChannelSeed(config: AppConfig, override?: unknown): ChannelFile {
  const source =
    override !== undefined
      ? 'the given channels'
      : (config.dispatcher.channelsFile ?? 'the simulator defaults');
  const raw =
    override ??
    (config.dispatcher.channelsFile
      ? (JSON.parse(readFileSync(config.dispatcher.channelsFile, 'utf8')) as unknown)
      : simulatorChannelFile(config));
  const sealer = new SecretBox(config.security.secretsKey, CHANNEL_PASSWORD_PURPOSE);
  try {
    return parseChannelFile(raw, sealer, seedFingerprint(config.security.secretsKey));
  } catch (error) {
    if (error instanceof ChannelValidationError)
      throw new Error(`Invalid channel definitions in ${source}: ${error.message}`);
    throw error;
  }
}

/**
 * A keyed fingerprint of a file entry as written (clear passwords included), so re-seeding notices a changed
 * entry while the table never holds anything from which a password could be guessed offline.
 */
export function seedFingerprint(secretsKey: Buffer): (entry: unknown) => string {
  const key = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'tongdao:channel-seed', 32));
  return (entry) => createHmac('sha256', key).update(canonicalJson(entry)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
