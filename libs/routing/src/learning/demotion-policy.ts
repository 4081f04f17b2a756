import {
  ALL_PROVINCES,
  deliveryRate,
  DeliveryStats,
  emptyStats,
  meanLatencyMs,
  mergeStats,
  parseStatsKey,
} from './delivery-stats';

export type DemotionLevel = 'normal' | 'demoted' | 'out';

export interface LearningOptions {
  /** Receipts a channel (and, pooled, its peers) needs in the window before it is judged. */
  minSamples: number;
  /** Demoted when its delivery rate is more than this below its peers' (0.05 = 5 points). */
  rateMargin: number;
  /** ... or when its mean receipt latency exceeds its peers' by this factor, and the floor below. */
  latencyFactor: number;
  latencyFloorMs: number;
  /** Receipts since its last step a demoted channel needs before it moves again (probes, when out). */
  stepSamples: number;
  /** Least time between two steps of one channel. */
  dwellMs: number;
  /** Weight multiplier of a demoted channel. */
  demotedWeightFactor: number;
}

export const DEFAULT_LEARNING_OPTIONS: LearningOptions = {
  minSamples: 50,
  rateMargin: 0.05,
  latencyFactor: 3,
  latencyFloorMs: 10_000,
  stepSamples: 20,
  dwellMs: 60_000,
  demotedWeightFactor: 0.25,
};

/** The figures a decision was made on. */
export interface DecisionFigures {
  samples: number;
  deliveryRate: number | null;
  meanLatencyMs: number | null;
  peerSamples: number;
  peerDeliveryRate: number | null;
  peerMeanLatencyMs: number | null;
}

/** Where learning has put one channel for one carrier (and province, or '*' for all of them). */
export interface DemotionState {
  channelId: string;
  carrier: string;
  province: string;
  level: DemotionLevel;
  /** ms since the epoch of the last step. */
  since: number;
  reason: string;
  figures: DecisionFigures;
}

export interface DemotionDecision extends DemotionState {
  from: DemotionLevel;
}

export function demotionKey(state: Pick<DemotionState, 'channelId' | 'carrier' | 'province'>): string {
  return `${state.channelId}|${state.carrier}|${state.province}`;
}

export interface LearningInput {
  /** Receipts in the learning window, by statsKey, including carrier totals (province '*'). */
  window: ReadonlyMap<string, DeliveryStats>;
  /** Receipts of each non-normal channel since its last step, by demotionKey. */
  sinceStep: ReadonlyMap<string, DeliveryStats>;
  states: ReadonlyMap<string, DemotionState>;
  now: number;
}

/**
 * Judges every channel against its peers (the other channels with receipts for the same carrier and province) and
 * moves it one step at a time: normal → demoted (weight cut) → out (probes only), and back once the receipts since
 * its last step, mostly probes, look like its peers' again. Plain and deterministic: the caller supplies the clock.
 */
export function evaluateDemotions(input: LearningInput, options: LearningOptions): DemotionDecision[] {
  const decisions: DemotionDecision[] = [];
  const groups = new Map<string, Array<{ key: string; channelId: string; stats: DeliveryStats }>>();
  for (const [statsKey, stats] of input.window) {
    const { channelId, carrier, province } = parseStatsKey(statsKey);
    const scope = `${carrier}|${province ?? ''}`;
    const members = groups.get(scope) ?? [];
    members.push({ key: `${channelId}|${carrier}|${province ?? ''}`, channelId, stats });
    groups.set(scope, members);
  }
  for (const [scope, members] of groups) {
    const [carrier = '', province = ''] = scope.split('|');
    for (const member of members) {
      const peers = members.filter((other) => other.channelId !== member.channelId);
      const peerStats = peers.reduce((sum, peer) => mergeStats(sum, peer.stats), emptyStats());
      const state = input.states.get(member.key);
      const decision = judge(
        { channelId: member.channelId, carrier, province },
        member.stats,
        input.sinceStep.get(member.key),
        peerStats,
        state,
        input.now,
        options,
      );
      if (decision) decisions.push(decision);
    }
  }
  return decisions;
}

interface Subject {
  channelId: string;
  carrier: string;
  /** A province, '*' for the carrier as a whole, '' for messages of unknown province. */
  province: string;
}

function judge(
  subject: Subject,
  window: DeliveryStats,
  sinceStep: DeliveryStats | undefined,
  peers: DeliveryStats,
  state: DemotionState | undefined,
  now: number,
  options: LearningOptions,
): DemotionDecision | null {
  const level = state?.level ?? 'normal';
  if (peers.total < options.minSamples) return null;
  if (level === 'normal') {
    if (window.total < options.minSamples) return null;
    const problem = shortfall(window, peers, options);
    return problem ? step(subject, 'normal', 'demoted', problem, window, peers, now) : null;
  }
  if (now - state!.since < options.dwellMs) return null;
  const recent = sinceStep ?? emptyStats();
  if (recent.total < options.stepSamples) return null;
  const problem = shortfall(recent, peers, options);
  if (problem && level === 'demoted')
    return step(subject, level, 'out', `still ${problem}`, recent, peers, now);
  if (!problem) {
    const to: DemotionLevel = level === 'out' ? 'demoted' : 'normal';
    return step(subject, level, to, 'recovered: in line with its peers again', recent, peers, now);
  }
  return null;
}

/** Why the channel is worse than its peers, or null when it is not. */
function shortfall(own: DeliveryStats, peers: DeliveryStats, options: LearningOptions): string | null {
  const rate = deliveryRate(own)!;
  const peerRate = deliveryRate(peers)!;
  if (rate < peerRate - options.rateMargin)
    return `delivery rate ${percent(rate)} against its peers' ${percent(peerRate)}`;
  const latency = meanLatencyMs(own);
  const peerLatency = meanLatencyMs(peers);
  if (latency === null || peerLatency === null) return null;
  if (latency > options.latencyFloorMs && latency > peerLatency * options.latencyFactor)
    return `mean receipt latency ${latency} ms against its peers' ${peerLatency} ms`;
  return null;
}

function step(
  subject: Subject,
  from: DemotionLevel,
  to: DemotionLevel,
  reason: string,
  own: DeliveryStats,
  peers: DeliveryStats,
  now: number,
): DemotionDecision {
  return {
    ...subject,
    from,
    level: to,
    since: now,
    reason,
    figures: {
      samples: own.total,
      deliveryRate: deliveryRate(own),
      meanLatencyMs: meanLatencyMs(own),
      peerSamples: peers.total,
      peerDeliveryRate: deliveryRate(peers),
      peerMeanLatencyMs: meanLatencyMs(peers),
    },
  };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** What routing does with a channel for a message's carrier and province: the province's state wins over the carrier's. */
export function effectiveLevel(
  states: ReadonlyMap<string, DemotionState>,
  channelId: string,
  carrier: string,
  province: string | null,
): DemotionState | undefined {
  return (
    (province ? states.get(`${channelId}|${carrier}|${province}`) : undefined) ??
    states.get(`${channelId}|${carrier}|${ALL_PROVINCES}`)
  );
}
