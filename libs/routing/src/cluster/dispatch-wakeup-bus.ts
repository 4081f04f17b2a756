import type Redis from 'ioredis';
import { isMessageKind, MessageKind } from '@tongdao/lifecycle';

/**
 * Tells idle dispatchers that messages were just queued, so a verification code accepted during a quiet spell is
 * claimed at once instead of at the dispatcher's next poll (DISPATCHER_POLL_INTERVAL_MS, 200 ms by default). A
 * notice is a hint: one lost while a subscriber reconnects costs only that poll's wait, never a message. Announces
 * of one event-loop turn are folded into one PUBLISH per kind, so a busy API sends a handful a second per process,
 * not one per request. Redis pub/sub channel names are not covered by the client's key prefix, so the prefix is
 * part of the name.
 */
export class DispatchWakeupBus {
  private subscriber?: Redis;
  private readonly pending = new Set<MessageKind>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get channel(): string {
    return `${this.prefix}dispatch:queued`;
  }

  /** Messages of this kind were committed QUEUED (due now). Never throws and never waits. */
  announce(kind: MessageKind): void {
    if (this.pending.size === 0) setImmediate(() => this.publish());
    this.pending.add(kind);
  }

  async listen(onQueued: (kind: MessageKind) => void): Promise<void> {
    if (typeof this.redis.duplicate !== 'function') return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      for (const kind of message.split(',')) if (isMessageKind(kind)) onQueued(kind);
    });
    subscriber.on('error', () => undefined);
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private publish(): void {
    const kinds = [...this.pending].join(',');
    this.pending.clear();
    this.redis.publish(this.channel, kinds).catch(this.onError);
  }
}
