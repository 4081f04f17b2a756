import type Redis from 'ioredis';
import type { BreakerState, BreakerTransition } from '../breakers/channel-breaker';

/** One channel as one dispatcher process sees it right now. */
export interface ChannelLiveState {
  channelId: string;
  breaker: { state: BreakerState; reason: string; since: string; transitions: BreakerTransition[] };
  connections: { leased: number; ready: number };
  window: { inFlight: number; capacity: number };
  /** Submits waiting for a connection, a window slot or TPS tokens. */
  queued: number;
  /** Segments per second this process sent over the last second. */
  tpsUsed: number;
  /** The cluster-wide rate allowed now (null: no cap), and whether flow control holds it below its ceiling. */
  rate: { limit: number | null; throttled: boolean };
  /** Old connections still finishing their in-flight submits after a configuration change. */
  draining: number;
}

/** What waits in the dispatch queue for one kind and route (the claim loop measures it). */
export interface QueueSample {
  kind: string;
  route: string;
  depth: number;
  oldestAgeMs: number | null;
}

export interface DispatcherLiveState {
  dispatcherId: string;
  at: string;
  channels: ChannelLiveState[];
  queues: QueueSample[];
}

const REGISTRY = 'routing:dispatchers';
/** The registry outlives any dispatcher's snapshot; once all are gone for this long it goes too. */
const REGISTRY_TTL_MS = 24 * 3600_000;
const stateKey = (dispatcherId: string) => `routing:live:${dispatcherId}`;

/**
 * The dispatchers' live view of their channels, for processes that hold no channel (the API): each dispatcher
 * writes its snapshot every few seconds with an expiry and keeps its entry in a registry scored by that expiry,
 * so a dead dispatcher drops out by itself.
 */
export class LiveStateStore {
  constructor(private readonly redis: Redis) {}

  async publish(state: DispatcherLiveState, ttlMs: number): Promise<void> {
    const expiresAt = Date.now() + ttlMs;
    await this.redis
      .multi()
      .set(stateKey(state.dispatcherId), JSON.stringify(state), 'PX', ttlMs)
      .zadd(REGISTRY, expiresAt, state.dispatcherId)
      .zremrangebyscore(REGISTRY, '-inf', Date.now())
      .pexpire(REGISTRY, REGISTRY_TTL_MS)
      .exec();
  }

  async withdraw(dispatcherId: string): Promise<void> {
    await this.redis.multi().del(stateKey(dispatcherId)).zrem(REGISTRY, dispatcherId).exec();
  }

  /** Dispatchers alive now (their snapshot has not expired). */
  async dispatchers(): Promise<string[]> {
    return this.redis.zrangebyscore(REGISTRY, Date.now(), '+inf');
  }

  async read(): Promise<DispatcherLiveState[]> {
    const ids = await this.dispatchers();
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(...ids.map(stateKey));
    return raw.flatMap((json) => (json ? [JSON.parse(json) as DispatcherLiveState] : []));
  }
}
