import { Injectable } from '@nestjs/common';
import { RoutingConfigRepository, StoredChannel } from '@tongdao/database';
import { DomainException, ErrorCode } from '@tongdao/platform';
import {
  BreakerState,
  ChannelLiveState,
  deliveryRate,
  DeliveryStats,
  DemotionDecision,
  DemotionState,
  DispatcherLiveState,
  emptyStats,
  latencyQuantileMs,
  meanLatencyMs,
  mergeStats,
  parseStatsKey,
} from '@tongdao/routing';
import { snakeKeys } from './http-shape';
import { RoutingCluster } from './routing-cluster';

const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR = 60 * 60_000;
const BREAKER_SEVERITY: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

interface Snapshot {
  dispatchers: DispatcherLiveState[];
  recent: Map<string, DeliveryStats>;
  hour: Map<string, DeliveryStats>;
  demotions: Map<string, DemotionState>;
}

/**
 * Channels with their live state for operations. The API holds no connection: it reads what dispatchers publish
 * to Redis (breakers, connections, windows, queues, TPS), the shared receipt statistics and learning's states.
 */
@Injectable()
export class ChannelStatusService {
  constructor(
    private readonly repository: RoutingConfigRepository,
    private readonly cluster: RoutingCluster,
  ) {}

  /** Every channel, and the dispatch queue per kind and route as the most recent dispatcher measured it. */
  async list(): Promise<{ data: unknown[]; queues: unknown[] }> {
    const [channels, snapshot] = await Promise.all([this.repository.channels(), this.snapshot()]);
    const latest = [...snapshot.dispatchers].sort((a, b) => b.at.localeCompare(a.at))[0];
    return {
      data: channels.map((channel) => snakeKeys(this.view(channel, snapshot))),
      queues: (latest?.queues ?? []).map((queue) => snakeKeys(queue)),
    };
  }

  async get(id: string): Promise<unknown> {
    const [channel, snapshot, decisions] = await Promise.all([
      this.repository.channel(id),
      this.snapshot(),
      this.cluster.demotions.decisions(500),
    ]);
    if (!channel) throw new DomainException(ErrorCode.NotFound, 'Channel not found', 'id');
    return snakeKeys({
      ...this.view(channel, snapshot),
      learningDecisions: decisions
        .filter((decision) => decision.channelId === id)
        .slice(0, 50)
        .map(decisionView),
    });
  }

  /** The channel as stored (secrets never leave: only whether they are set). */
  configuration(channel: StoredChannel): Record<string, unknown> {
    const { passwordSealed, sgip, ...rest } = channel.definition;
    const view: Record<string, unknown> = { ...rest, passwordSet: passwordSealed.length > 0 };
    if (sgip) {
      const { receiver, ...sgipRest } = sgip;
      view.sgip = receiver
        ? {
            ...sgipRest,
            receiver: {
              host: receiver.host,
              port: receiver.port,
              account: receiver.account,
              passwordSet: true,
            },
          }
        : sgipRest;
    }
    return {
      ...view,
      managedBy: channel.managedBy,
      createdAt: channel.createdAt.toISOString(),
      updatedAt: channel.updatedAt.toISOString(),
    };
  }

  private async snapshot(): Promise<Snapshot> {
    const now = Date.now();
    const [dispatchers, recent, hour, demotions] = await Promise.all([
      this.cluster.live.read(),
      this.cluster.stats.read(now - FIVE_MINUTES, now + 1, 'fine'),
      this.cluster.stats.read(now - ONE_HOUR, now + 1, 'coarse'),
      this.cluster.demotions.states(),
    ]);
    return { dispatchers, recent, hour, demotions };
  }

  private view(channel: StoredChannel, snapshot: Snapshot): Record<string, unknown> {
    const id = channel.definition.id;
    const states = snapshot.dispatchers.flatMap((dispatcher) =>
      dispatcher.channels.filter((state) => state.channelId === id).map((state) => ({ dispatcher, state })),
    );
    return {
      ...this.configuration(channel),
      live: liveView(channel, states),
      delivery: {
        last_5m: deliveryView(id, snapshot.recent),
        last_1h: deliveryView(id, snapshot.hour),
      },
      demotion: [...snapshot.demotions.values()]
        .filter((state) => state.channelId === id)
        .map((state) => ({ ...state, since: new Date(state.since).toISOString() })),
    };
  }
}

function liveView(
  channel: StoredChannel,
  states: Array<{ dispatcher: DispatcherLiveState; state: ChannelLiveState }>,
): Record<string, unknown> {
  const sum = (pick: (state: ChannelLiveState) => number) =>
    states.reduce((total, { state }) => total + pick(state), 0);
  const worst = states.reduce<ChannelLiveState['breaker'] | null>(
    (current, { state }) =>
      !current || BREAKER_SEVERITY[state.breaker.state] > BREAKER_SEVERITY[current.state]
        ? state.breaker
        : current,
    null,
  );
  const capacity = sum((state) => state.window.capacity);
  const inFlight = sum((state) => state.window.inFlight);
  const limits = states
    .map(({ state }) => state.rate.limit)
    .filter((limit): limit is number => limit !== null);
  return {
    dispatchers: states.length,
    breaker: worst
      ? {
          state: worst.state,
          reason: worst.reason,
          since: worst.since,
          byDispatcher: states.map(({ dispatcher, state }) => ({
            dispatcherId: dispatcher.dispatcherId,
            state: state.breaker.state,
            reason: state.breaker.reason,
            since: state.breaker.since,
            transitions: state.breaker.transitions,
          })),
        }
      : null,
    connections: {
      limit: channel.definition.connections,
      leased: sum((s) => s.connections.leased),
      ready: sum((s) => s.connections.ready),
    },
    window: { inFlight, capacity, occupancy: capacity > 0 ? Number((inFlight / capacity).toFixed(3)) : 0 },
    queueDepth: sum((state) => state.queued),
    tps: {
      used: Number(sum((state) => state.tpsUsed).toFixed(1)),
      cap: channel.definition.tps ?? null,
      limit: limits.length > 0 ? Math.min(...limits) : null,
      throttled: states.some(({ state }) => state.rate.throttled),
    },
    draining: sum((state) => state.draining),
  };
}

function deliveryView(channelId: string, byKey: ReadonlyMap<string, DeliveryStats>): Record<string, unknown> {
  const total = emptyStats();
  const byCarrierProvince: Array<Record<string, unknown>> = [];
  for (const [key, stats] of byKey) {
    const { channelId: owner, carrier, province } = parseStatsKey(key);
    if (owner !== channelId) continue;
    mergeStats(total, stats);
    byCarrierProvince.push({ carrier, province, ...figures(stats) });
  }
  byCarrierProvince.sort((a, b) => Number(b.total) - Number(a.total));
  return { ...figures(total), byCarrierProvince };
}

function figures(stats: DeliveryStats): Record<string, unknown> {
  const rate = deliveryRate(stats);
  return {
    total: stats.total,
    delivered: stats.delivered,
    deliveryRate: rate === null ? null : Number(rate.toFixed(4)),
    meanLatencyMs: meanLatencyMs(stats),
    p90LatencyMs: latencyQuantileMs(stats, 0.9),
  };
}

function decisionView(decision: DemotionDecision): Record<string, unknown> {
  return { ...decision, since: new Date(decision.since).toISOString() };
}
