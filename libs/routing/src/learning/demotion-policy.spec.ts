import {
  addOutcome,
  DeliveryStats,
  emptyStats,
  latencyQuantileMs,
  statsKey,
  withCarrierTotals,
} from './delivery-stats';
import {
  DEFAULT_LEARNING_OPTIONS,
  DemotionState,
  demotionKey,
  effectiveLevel,
  evaluateDemotions,
  LearningOptions,
} from './demotion-policy';

const options: LearningOptions = {
  ...DEFAULT_LEARNING_OPTIONS,
  minSamples: 50,
  stepSamples: 20,
  dwellMs: 10_000,
};

function stats(total: number, delivered: number, latencyMs = 1_500): DeliveryStats {
  const result = emptyStats();
  for (let index = 0; index < total; index += 1)
    addOutcome(result, { delivered: index < delivered, latencyMs });
  return result;
}

function window(entries: Record<string, DeliveryStats>): Map<string, DeliveryStats> {
  return new Map(Object.entries(entries));
}

const state = (channelId: string, level: DemotionState['level'], since: number): DemotionState => ({
  channelId,
  carrier: 'CMCC',
  province: '*',
  level,
  since,
  reason: 'test',
  figures: {
    samples: 0,
    deliveryRate: null,
    meanLatencyMs: null,
    peerSamples: 0,
    peerDeliveryRate: null,
    peerMeanLatencyMs: null,
  },
});

describe('evaluateDemotions', () => {
  it('demotes a channel delivering well below its peers, with the figures', () => {
    const decisions = evaluateDemotions(
      {
        window: window({ 'good|CMCC|*': stats(1000, 992), 'poor|CMCC|*': stats(100, 83) }),
        sinceStep: new Map(),
        states: new Map(),
        now: 1_000,
      },
      options,
    );
    expect(decisions).toEqual([
      expect.objectContaining({
        channelId: 'poor',
        carrier: 'CMCC',
        province: '*',
        from: 'normal',
        level: 'demoted',
        since: 1_000,
        reason: "delivery rate 83.0% against its peers' 99.2%",
        figures: expect.objectContaining({
          samples: 100,
          deliveryRate: 0.83,
          peerSamples: 1000,
          peerDeliveryRate: 0.992,
        }),
      }),
    ]);
  });

  it('leaves channels within the margin, without enough samples, or without peers alone', () => {
    const judged = (entries: Record<string, DeliveryStats>) =>
      evaluateDemotions(
        { window: window(entries), sinceStep: new Map(), states: new Map(), now: 0 },
        options,
      );
    expect(judged({ a: stats(1000, 990), 'b|CMCC|*': stats(1000, 960) })).toEqual([]);
    expect(judged({ 'a|CMCC|*': stats(1000, 990), 'b|CMCC|*': stats(1000, 960) })).toEqual([]);
    expect(judged({ 'a|CMCC|*': stats(1000, 990), 'b|CMCC|*': stats(30, 0) })).toEqual([]);
    expect(judged({ 'a|CMCC|*': stats(1000, 500) })).toEqual([]);
  });

  it('compares channels only with peers of the same carrier and province', () => {
    const decisions = evaluateDemotions(
      {
        window: window({
          'a|CMCC|广东': stats(200, 198),
          'b|CMCC|广东': stats(200, 150),
          'b|CMCC|北京': stats(200, 199),
          'c|CMCC|北京': stats(200, 199),
          'x|CUCC|广东': stats(200, 120),
        }),
        sinceStep: new Map(),
        states: new Map(),
        now: 0,
      },
      options,
    );
    expect(decisions.map((decision) => demotionKey(decision))).toEqual(['b|CMCC|广东']);
  });

  it('demotes on receipt latency far above the peers’', () => {
    const decisions = evaluateDemotions(
      {
        window: window({ 'fast|CTCC|*': stats(100, 100, 1_000), 'slow|CTCC|*': stats(100, 100, 40_000) }),
        sinceStep: new Map(),
        states: new Map(),
        now: 0,
      },
      options,
    );
    expect(decisions[0]).toMatchObject({
      channelId: 'slow',
      reason: "mean receipt latency 40000 ms against its peers' 1000 ms",
    });
  });

  it('takes a still-poor demoted channel out of rotation after the dwell time, then promotes it step by step', () => {
    const peers = { 'good|CMCC|*': stats(1000, 995) };
    const base = { window: window({ ...peers, 'poor|CMCC|*': stats(100, 80) }), now: 20_000 };
    const demoted = new Map([['poor|CMCC|*', state('poor', 'demoted', 0)]]);
    const evaluate = (states: Map<string, DemotionState>, recent: DeliveryStats, now = base.now) =>
      evaluateDemotions({ ...base, now, states, sinceStep: new Map([['poor|CMCC|*', recent]]) }, options);

    expect(evaluate(demoted, stats(30, 20), 5_000)).toEqual([]);
    expect(evaluate(demoted, stats(10, 2))).toEqual([]);
    expect(evaluate(demoted, stats(30, 20))).toEqual([
      expect.objectContaining({
        from: 'demoted',
        level: 'out',
        reason: expect.stringMatching(/^still delivery rate/),
      }),
    ]);
    const out = new Map([['poor|CMCC|*', state('poor', 'out', 0)]]);
    expect(evaluate(out, stats(30, 30))).toEqual([
      expect.objectContaining({
        from: 'out',
        level: 'demoted',
        reason: 'recovered: in line with its peers again',
      }),
    ]);
    expect(evaluate(demoted, stats(30, 30))).toEqual([
      expect.objectContaining({ from: 'demoted', level: 'normal' }),
    ]);
  });
});

describe('effectiveLevel', () => {
  it('prefers the province’s verdict over the carrier’s', () => {
    const states = new Map([
      ['a|CMCC|*', state('a', 'out', 0)],
      ['a|CMCC|广东', { ...state('a', 'normal', 0), province: '广东' }],
    ]);
    expect(effectiveLevel(states, 'a', 'CMCC', '广东')?.level).toBe('normal');
    expect(effectiveLevel(states, 'a', 'CMCC', '北京')?.level).toBe('out');
    expect(effectiveLevel(states, 'a', 'CMCC', null)?.level).toBe('out');
    expect(effectiveLevel(states, 'b', 'CMCC', null)).toBeUndefined();
  });
});

describe('delivery stats', () => {
  it('sums provinces into carrier totals and estimates latency quantiles', () => {
    const totals = withCarrierTotals(
      new Map([
        [statsKey('a', 'CMCC', '广东'), stats(10, 9, 800)],
        [statsKey('a', 'CMCC', null), stats(10, 10, 25_000)],
      ]),
    );
    const all = totals.get('a|CMCC|*')!;
    expect(all).toMatchObject({ total: 20, delivered: 19 });
    expect(latencyQuantileMs(all, 0.5)).toBe(1_000);
    expect(latencyQuantileMs(all, 0.9)).toBe(30_000);
    expect(latencyQuantileMs(emptyStats(), 0.9)).toBeNull();
  });
});
