import { readFileSync } from 'node:fs';
import { AppConfig } from '@tongdao/config';
import { ChannelDefinition, channelDefinitionsSchema } from './channel-definition';
import { simulatorChannels } from './simulator-channels';

/** Channels come from CHANNELS_FILE when set, otherwise from the embedded simulator defaults. */
export function loadChannelDefinitions(config: AppConfig): ChannelDefinition[] {
  if (!config.dispatcher.channelsFile) return simulatorChannels(config);
  const raw: unknown = JSON.parse(readFileSync(config.dispatcher.channelsFile, 'utf8'));
  const parsed = channelDefinitionsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid channel definitions in ${config.dispatcher.channelsFile}: ${problems}`);
  }
  return parsed.data.filter((channel) => channel.enabled);
}
