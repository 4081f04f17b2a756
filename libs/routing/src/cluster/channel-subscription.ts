import type Redis from 'ioredis';

/**
 * Listens on one Redis pub/sub channel over a connection of its own (a subscribed connection can run nothing else).
 * Its errors are left to reconnection: every notice on these channels is a hint that polling also covers.
 */
export class ChannelSubscription {
  private subscriber?: Redis;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  async start(onMessage: (message: string) => void): Promise<void> {
    if (typeof this.redis.duplicate !== 'function') return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) onMessage(message);
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
