import { defaultBehaviour } from '../config/default-simulator-config';
import { GatewayBehaviourEngine } from './gateway-behaviour-engine';
import { WeightedPicker } from './weighted-picker';

function sequenceRandom(values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length];
}

describe('WeightedPicker', () => {
  it('maps the random draw onto cumulative weights and skips zero weights', () => {
    const picker = new WeightedPicker([
      { value: 'a', weight: 97 },
      { value: 'z', weight: 0 },
      { value: 'b', weight: 2 },
      { value: 'c', weight: 1 },
    ]);
    expect([0, 0.969, 0.97, 0.989, 0.99, 0.9999].map((draw) => picker.pick(() => draw))).toEqual([
      'a',
      'a',
      'b',
      'b',
      'c',
      'c',
    ]);
  });

  it('refuses an all-zero weight list', () => {
    expect(() => new WeightedPicker([{ value: 'a', weight: 0 }])).toThrow(RangeError);
  });
});

describe('GatewayBehaviourEngine', () => {
  it('drops after the configured number of submits on a connection', () => {
    const engine = new GatewayBehaviourEngine(
      { ...defaultBehaviour('cmpp3'), dropAfterSubmits: 2 },
      () => 0.5,
    );
    expect([1, 2, 3].map((n) => engine.decideSubmit(n).kind)).toEqual(['accept', 'accept', 'drop']);
  });

  it('applies the TPS cap per wall-clock second with the flow-control result', () => {
    let now = 5_000;
    const engine = new GatewayBehaviourEngine(
      { ...defaultBehaviour('cmpp3'), tpsCap: 1 },
      () => 0.5,
      () => now,
    );
    expect(engine.decideSubmit(1)).toEqual({ kind: 'accept' });
    expect(engine.decideSubmit(2)).toEqual({ kind: 'reject', result: 8, reason: 'flow-control' });
    now = 6_000;
    expect(engine.decideSubmit(3)).toEqual({ kind: 'accept' });
  });

  it('forces results for their fraction of submits', () => {
    const engine = new GatewayBehaviourEngine(
      {
        ...defaultBehaviour('cmpp3'),
        forcedResults: [
          { code: 8, fraction: 0.1 },
          { code: 13, fraction: 0.1 },
        ],
      },
      sequenceRandom([0.05, 0.15, 0.5]),
    );
    expect([1, 2, 3].map((n) => engine.decideSubmit(n))).toEqual([
      { kind: 'reject', result: 8, reason: 'forced' },
      { kind: 'reject', result: 13, reason: 'forced' },
      { kind: 'accept' },
    ]);
  });

  it('draws report delays from weighted buckets and picks up run-time changes', () => {
    const engine = new GatewayBehaviourEngine(defaultBehaviour('smpp'), sequenceRandom([0.95, 0]));
    engine.update({
      reportDelay: {
        buckets: [
          { minMs: 10, maxMs: 10, weight: 9 },
          { minMs: 60_000, maxMs: 60_000, weight: 1 },
        ],
      },
    });
    expect(engine.reportDelayMs()).toBe(60_000);
    expect(engine.reportDelayMs()).toBe(10);
  });
});
