import type Redis from 'ioredis';
import { isMessageKind, MessageKind } from '@tongdao/lifecycle';
import { ChannelSubscription } from './channel-subscription';

/** At most one notice per this long from one process; announces in between go out together at its end. */
export const WAKEUP_MIN_INTERVAL_MS = 20;

/**
 * Tells idle dispatchers that messages were just queued, so a verification code accepted during a quiet spell is
 * claimed at once instead of at the dispatcher's next poll (DISPATCHER_POLL_INTERVAL_MS, 200 ms by default). A
 * notice is a hint: one lost while a subscriber reconnects costs only that poll's wait, never a message. The first
 * announce after a quiet spell goes out at the end of its event-loop turn; announces within WAKEUP_MIN_INTERVAL_MS of
 * a notice are folded into one at the end of that interval, so a busy API sends at most about 50 notices a second
 * per process (its dispatchers are busy then, and look for codes every few milliseconds anyway). Redis pub/sub
 * channel names are not covered by the client's key prefix, so the prefix is part of the name.
 */
export class DispatchWakeupBus {
  private subscription?: ChannelSubscription;
  private readonly pending = new Set<MessageKind>();
  private scheduled = false;
  private lastPublishAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly minIntervalMs = WAKEUP_MIN_INTERVAL_MS,
  ) {}

  get channel(): string {
    return `${this.prefix}dispatch:queued`;
  }

  /** Messages of this kind were committed QUEUED (due now). Never throws and never waits. */
  announce(kind: MessageKind): void {
    this.pending.add(kind);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastPublishAt + this.minIntervalMs - Date.now();
    // unref: a hint still waiting must not keep a stopping process alive.
    if (wait > 0) setTimeout(() => this.publish(), wait).unref();
    else setImmediate(() => this.publish());
  }

  async listen(onQueued: (kind: MessageKind) => void): Promise<void> {
    this.subscription ??= new ChannelSubscription(this.redis, this.channel);
    await this.subscription.start((message) => {
      for (const kind of message.split(',')) if (isMessageKind(kind)) onQueued(kind);
    });
  }

  async close(): Promise<void> {
    await this.subscription?.close();
  }

  private publish(): void {
    const kinds = [...this.pending].join(',');
    this.pending.clear();
    this.scheduled = false;
    this.lastPublishAt = Date.now();
    this.redis.publish(this.channel, kinds).catch(this.onError);
  }
}
