import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@tongdao/platform';
import type { BreakerState, DemotionLevel } from '@tongdao/routing';

type Dimension = 'channel' | 'carrier' | 'province';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const DEMOTION_VALUE: Record<DemotionLevel, number> = { normal: 0, demoted: 1, out: 2 };

/** Prometheus metrics of the channel pool, by channel × carrier × province where the figure has them. */
@Injectable()
export class ChannelMetrics {
  readonly submits: Counter<Dimension | 'outcome'>;
  readonly submitLatency: Histogram<Dimension>;
  readonly receipts: Counter<Dimension | 'outcome'>;
  readonly receiptLatency: Histogram<Dimension>;
  readonly deliveryRate: Gauge<Dimension>;
  readonly breakerState: Gauge<'channel'>;
  readonly breakerTransitions: Counter<'channel' | 'from' | 'to'>;
  readonly connections: Gauge<'channel' | 'state'>;
  readonly inFlight: Gauge<'channel'>;
  readonly channelQueue: Gauge<'channel'>;
  readonly rateLimit: Gauge<'channel'>;
  readonly throttles: Counter<'channel'>;
  readonly failovers: Counter<'from' | 'reason'>;
  readonly demotion: Gauge<Dimension>;

  constructor(metrics: MetricsService) {
    const dims = ['channel', 'carrier', 'province'] as const;
    this.submits = metrics.counter(
      'tongdao_channel_submits_total',
      'Submits by channel, carrier, province and outcome',
      [...dims, 'outcome'],
    );
    this.submitLatency = metrics.histogram(
      'tongdao_channel_submit_latency_seconds',
      'From handing a message to a channel to its submit answer',
      dims,
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.receipts = metrics.counter('tongdao_channel_receipts_total', 'Final receipt outcomes', [
      ...dims,
      'outcome',
    ]);
    this.receiptLatency = metrics.histogram(
      'tongdao_channel_receipt_latency_seconds',
      'From submit to the final status report',
      dims,
      [1, 2, 5, 10, 30, 60, 300, 1800, 7200],
    );
    this.deliveryRate = metrics.gauge(
      'tongdao_channel_delivery_rate',
      'Delivered share of final receipts over the learning window (all dispatchers)',
      dims,
    );
    this.breakerState = metrics.gauge(
      'tongdao_channel_breaker_state',
      'Circuit breaker: 0 closed, 1 half-open, 2 open',
      ['channel'],
    );
    this.breakerTransitions = metrics.counter(
      'tongdao_channel_breaker_transitions_total',
      'Breaker state changes',
      ['channel', 'from', 'to'],
    );
    this.connections = metrics.gauge(
      'tongdao_channel_connections',
      'Connections of this process: leased and ready',
      ['channel', 'state'],
    );
    this.inFlight = metrics.gauge(
      'tongdao_channel_in_flight',
      'Messages handed to a channel and not yet answered',
      ['channel'],
    );
    this.channelQueue = metrics.gauge(
      'tongdao_channel_queue_depth',
      'Submits waiting for a connection, a window slot or TPS tokens',
      ['channel'],
    );
    this.rateLimit = metrics.gauge(
      'tongdao_channel_rate_limit',
      'Segments per second allowed now (cluster-wide)',
      ['channel'],
    );
    this.throttles = metrics.counter(
      'tongdao_channel_throttles_total',
      'Flow-control answers from the gateway',
      ['channel'],
    );
    this.failovers = metrics.counter(
      'tongdao_channel_failovers_total',
      'Messages moved on from a channel, by reason',
      ['from', 'reason'],
    );
    this.demotion = metrics.gauge(
      'tongdao_channel_demotion_level',
      'Learning: 0 normal, 1 demoted, 2 out of rotation',
      dims,
    );
  }

  breaker(channel: string, state: BreakerState): void {
    this.breakerState.set({ channel }, BREAKER_VALUE[state]);
  }

  demotionLevel(labels: Record<Dimension, string>, level: DemotionLevel): void {
    this.demotion.set(labels, DEMOTION_VALUE[level]);
  }
}
