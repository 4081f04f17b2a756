import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RoutingConfig } from '@tongdao/config';
import {
  DeliveryStats,
  DeliveryStatsStore,
  DemotionDecision,
  DemotionState,
  DemotionStore,
  deliveryRate,
  effectiveLevel,
  emptyStats,
  evaluateDemotions,
  LearningOptions,
  mergeStats,
  parseStatsKey,
  ReceiptOutcome,
  statsKey,
  withCarrierTotals,
} from '@tongdao/routing';
import { ChannelMetrics } from './channel-metrics';

const FLUSH_MS = 1_000;

/** What routing takes from learning for one channel and one message. */
export interface LearningVerdict {
  weightFactor: number;
  outOfRotation: boolean;
  probeDue: boolean;
}

const NORMAL: LearningVerdict = { weightFactor: 1, outOfRotation: false, probeDue: false };

/**
 * Learning from receipts, in every dispatcher: finalized outcomes (fed by the receipt path) are added up in Redis
 * buckets shared by all processes; one process at a time (a Redis lock) judges each channel against its peers per
 * carrier and province and records its decisions with their figures; every process applies the current states
 * to routing (weight cut, out of rotation with probes) and exports the delivery rates.
 */
export class ReceiptLearning {
  private readonly stats: DeliveryStatsStore;
  private readonly store: DemotionStore;
  private states = new Map<string, DemotionState>();
  private readonly lastProbe = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly options: LearningOptions;
  private evaluating = false;

  constructor(
    redis: Redis,
    private readonly routing: RoutingConfig,
    private readonly holder: string,
    private readonly metrics: ChannelMetrics,
    private readonly log: Logger,
  ) {
    const learning = routing.learning;
    this.stats = new DeliveryStatsStore(redis, {
      fineBucketMs: learning.bucketMs,
      fineRetentionMs: Math.max(learning.windowMs, 5 * 60_000) + learning.dwellMs,
    });
    this.store = new DemotionStore(redis);
    this.options = {
      minSamples: learning.minSamples,
      rateMargin: learning.rateMargin,
      latencyFactor: learning.latencyFactor,
      latencyFloorMs: learning.latencyFloorMs,
      stepSamples: learning.stepSamples,
      dwellMs: learning.dwellMs,
      demotedWeightFactor: learning.demotedWeightFactor,
    };
  }

  start(): void {
    const every = (ms: number, work: () => Promise<unknown>) => {
      const timer = setInterval(() => void work(), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(FLUSH_MS, () => this.flush());
    every(this.routing.learning.evaluateMs, () => this.evaluate());
    void this.refreshStates();
  }

  async stop(): Promise<void> {
    this.timers.splice(0).forEach((timer) => clearInterval(timer));
    await this.flush();
    await this.store.resign(this.holder).catch(() => undefined);
  }

  /** The receipt path's hook: one finalized message. */
  record(outcome: ReceiptOutcome): void {
    const labels = {
      channel: outcome.channelId,
      carrier: outcome.carrier ?? 'INTL',
      province: outcome.province ?? '',
    };
    this.metrics.receipts.inc({ ...labels, outcome: outcome.delivered ? 'delivered' : 'undelivered' });
    if (outcome.latencyMs !== null)
      this.metrics.receiptLatency.observe(labels, Math.max(0, outcome.latencyMs) / 1000);
    this.stats.record(outcome);
  }

  /** How routing should treat `channelId` for a message to this carrier and province now. */
  verdict(channelId: string, carrier: string, province: string | null, now = Date.now()): LearningVerdict {
    if (this.states.size === 0) return NORMAL;
    const state = effectiveLevel(this.states, channelId, carrier, province);
    if (!state || state.level === 'normal') return NORMAL;
    if (state.level === 'demoted')
      return { weightFactor: this.options.demotedWeightFactor, outOfRotation: false, probeDue: false };
    const key = `${channelId}|${carrier}|${state.province}`;
    const probeDue = now - (this.lastProbe.get(key) ?? 0) >= this.routing.learning.probeIntervalMs;
    return { weightFactor: 0, outOfRotation: true, probeDue };
  }

  /** A probe went to an out-of-rotation channel: the next one waits a probe interval. */
  probed(channelId: string, carrier: string, province: string | null, now = Date.now()): void {
    const state = effectiveLevel(this.states, channelId, carrier, province);
    if (state) this.lastProbe.set(`${channelId}|${carrier}|${state.province}`, now);
  }

  currentStates(): DemotionState[] {
    return [...this.states.values()];
  }

  private async flush(): Promise<void> {
    try {
      await this.stats.flush();
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'could not store receipt statistics; will retry');
    }
  }

  /** The leader judges; everyone reloads the states and exports the window's delivery rates. */
  async evaluate(now = Date.now()): Promise<DemotionDecision[]> {
    if (this.evaluating) return [];
    this.evaluating = true;
    try {
      const window = withCarrierTotals(
        await this.stats.read(now - this.routing.learning.windowMs, now + 1, 'fine'),
      );
      this.exportRates(window);
      let decisions: DemotionDecision[] = [];
      if (await this.store.lead(this.holder, this.routing.learning.evaluateMs * 3)) {
        const states = await this.store.states();
        const sinceStep = await this.sinceStep(states, now);
        decisions = evaluateDemotions({ window, sinceStep, states, now }, this.options);
        await this.store.apply(decisions);
        decisions.forEach((decision) => this.logDecision(decision));
      }
      await this.refreshStates();
      return decisions;
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'learning evaluation failed');
      return [];
    } finally {
      this.evaluating = false;
    }
  }

  private async refreshStates(): Promise<void> {
    try {
      this.states = await this.store.states();
    } catch (error) {
      this.log.warn(
        { err: (error as Error).message },
        'could not read demotion states; keeping the last ones',
      );
    }
  }

  /** Receipts of each demoted channel since its last step (mostly probes when out of rotation). */
  private async sinceStep(
    states: ReadonlyMap<string, DemotionState>,
    now: number,
  ): Promise<Map<string, DeliveryStats>> {
    const result = new Map<string, DeliveryStats>();
    if (states.size === 0) return result;
    const { bucketMs, windowMs, dwellMs } = this.routing.learning;
    const oldestKept = now - Math.max(windowMs, 5 * 60_000) - dwellMs;
    const earliest = Math.max(oldestKept, Math.min(...[...states.values()].map((state) => state.since)));
    const buckets = (await this.stats.readBuckets(earliest, now + 1, 'fine')).map(({ start, stats }) => ({
      start,
      stats: withCarrierTotals(stats),
    }));
    for (const [key, state] of states) {
      const total = emptyStats();
      // Only buckets that start after the step: a bucket straddling it still holds the evidence that caused it.
      const firstBucket = Math.ceil(state.since / bucketMs) * bucketMs;
      for (const { start, stats } of buckets) {
        if (start < firstBucket) continue;
        const found = stats.get(statsKey(state.channelId, state.carrier, state.province || null));
        if (found) mergeStats(total, found);
      }
      result.set(key, total);
    }
    return result;
  }

  private exportRates(window: ReadonlyMap<string, DeliveryStats>): void {
    for (const [key, stats] of window) {
      const rate = deliveryRate(stats);
      const { channelId, carrier, province } = parseStatsKey(key);
      if (rate !== null)
        this.metrics.deliveryRate.set({ channel: channelId, carrier, province: province ?? '' }, rate);
    }
    for (const state of this.states.values())
      this.metrics.demotionLevel(
        { channel: state.channelId, carrier: state.carrier, province: state.province },
        state.level,
      );
  }

  private logDecision(decision: DemotionDecision): void {
    const fields = {
      channel: decision.channelId,
      carrier: decision.carrier,
      province: decision.province,
      from: decision.from,
      to: decision.level,
      figures: decision.figures,
    };
    this.metrics.demotionLevel(
      { channel: decision.channelId, carrier: decision.carrier, province: decision.province },
      decision.level,
    );
    if (decision.level === 'normal' || decision.from === 'out')
      this.log.info(fields, `channel promoted: ${decision.reason}`);
    else this.log.warn(fields, `channel demoted: ${decision.reason}`);
  }
}
