import type Redis from 'ioredis';
import { ChannelSubscription } from './channel-subscription';

/**
 * Tells every dispatcher that channels or routes changed. Redis pub/sub channel names are not covered by the
 * client's key prefix, so the prefix is part of the name; subscribers also poll the version (a message can be
 * missed while a subscriber reconnects).
 */
export class ConfigChangeBus {
  private subscription?: ChannelSubscription;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private get channel(): string {
    return `${this.prefix}routing:config-changed`;
  }

  async announce(version: number): Promise<void> {
    await this.redis.publish(this.channel, String(version));
  }

  async listen(onVersion: (version: number) => void): Promise<void> {
    this.subscription ??= new ChannelSubscription(this.redis, this.channel);
    await this.subscription.start((message) => onVersion(Number(message)));
  }

  async close(): Promise<void> {
    await this.subscription?.close();
  }
}
