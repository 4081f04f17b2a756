import type Redis from 'ioredis';

/**
 * Tells every dispatcher that channels or routes changed. Redis pub/sub channel names are not covered by the
 * client's key prefix, so the prefix is part of the name; subscribers also poll the version (a message can be
 * missed while a subscriber reconnects).
 */
export class ConfigChangeBus {
  private subscriber?: Redis;

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
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onVersion(Number(message));
    });
    subscriber.on('error', () => undefined);
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
