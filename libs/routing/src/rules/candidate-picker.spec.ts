import { CandidateGate, CandidatePicker, CandidateState } from './candidate-picker';
import { CandidateGroup } from './routing-table';

const group = (key: string, ...members: Array<[string, number?]>): CandidateGroup => ({
  key,
  source: 'default',
  members: members.map(([channelId, weight]) => ({ channelId, weight: weight ?? 1 })),
});

const healthy: CandidateState = {
  healthy: true,
  available: true,
  throttled: false,
  weightFactor: 1,
  outOfRotation: false,
  probeDue: false,
};
const down = { healthy: false, available: false };

function gate(states: Record<string, Partial<CandidateState>> = {}): CandidateGate {
  return (id) => ({ ...healthy, ...states[id] });
}

function channelsPicked(picker: CandidatePicker, groups: CandidateGroup[], g: CandidateGate, count: number) {
  return Array.from({ length: count }, () => {
    const result = picker.pick(groups, g, new Set());
    return result.kind === 'channel' ? result.channelId : result.kind;
  });
}

describe('CandidatePicker', () => {
  it('spreads within the first group by weight, deterministically', () => {
    const groups = [group('g1', ['a', 3], ['b', 1]), group('g2', ['c'])];
    expect(channelsPicked(new CandidatePicker(), groups, gate(), 8)).toEqual([
      'a',
      'a',
      'b',
      'a',
      'a',
      'a',
      'b',
      'a',
    ]);
  });

  it('moves to the next group only when no channel of the better one is available', () => {
    const groups = [group('g1', ['a'], ['b']), group('g2', ['c'])];
    const picker = new CandidatePicker();
    expect(channelsPicked(picker, groups, gate({ a: { available: false } }), 2)).toEqual(['b', 'b']);
    expect(
      channelsPicked(picker, groups, gate({ a: { available: false }, b: { available: false } }), 2),
    ).toEqual(['c', 'c']);
  });

  it('skips channels the message already failed on', () => {
    const result = new CandidatePicker().pick(
      [group('g1', ['a'], ['b']), group('g2', ['c'])],
      gate(),
      new Set(['a', 'b']),
    );
    expect(result).toMatchObject({ kind: 'channel', channelId: 'c' });
  });

  it('tells busy (wait) from no route (fail) and from exhausted candidates', () => {
    const picker = new CandidatePicker();
    expect(picker.pick([], gate(), new Set())).toEqual({ kind: 'no-route' });
    expect(picker.pick([group('g', ['a'])], gate({ a: { available: false } }), new Set())).toEqual({
      kind: 'busy',
    });
    expect(picker.pick([group('g', ['a'])], gate(), new Set(['a']))).toEqual({ kind: 'exhausted' });
  });

  it('cuts a demoted channel’s share by its weight factor', () => {
    const picks = channelsPicked(
      new CandidatePicker(),
      [group('g', ['a'], ['b'])],
      gate({ b: { weightFactor: 0.25 } }),
      100,
    );
    expect(picks.filter((id) => id === 'b')).toHaveLength(20);
  });

  it('sends an out-of-rotation channel only its due probes, or everything when nothing else is left', () => {
    const picker = new CandidatePicker();
    const groups = [group('g1', ['good'], ['bad']), group('g2', ['backup'])];
    expect(channelsPicked(picker, groups, gate({ bad: { outOfRotation: true } }), 3)).toEqual([
      'good',
      'good',
      'good',
    ]);
    expect(picker.pick(groups, gate({ bad: { outOfRotation: true, probeDue: true } }), new Set())).toEqual({
      kind: 'channel',
      channelId: 'bad',
      groupKey: 'g1',
      probe: true,
    });
    expect(channelsPicked(picker, groups, gate({ bad: { outOfRotation: true }, good: down }), 1)).toEqual([
      'backup',
    ]);
    expect(
      channelsPicked(picker, groups, gate({ bad: { outOfRotation: true }, good: down, backup: down }), 1),
    ).toEqual(['bad']);
  });

  it('keeps an out-of-rotation channel out while the others are merely full', () => {
    const groups = [group('g1', ['good'], ['bad'])];
    expect(
      new CandidatePicker().pick(
        groups,
        gate({ bad: { outOfRotation: true }, good: { available: false } }),
        new Set(),
      ),
    ).toEqual({ kind: 'busy' });
  });

  it('spills a group at its TPS cap over to the next group, and waits for tokens when every channel is capped', () => {
    const groups = [group('g1', ['a']), group('g2', ['b'])];
    const picker = new CandidatePicker();
    expect(channelsPicked(picker, groups, gate({ a: { throttled: true } }), 1)).toEqual(['b']);
    expect(
      channelsPicked(picker, groups, gate({ a: { throttled: true }, b: { throttled: true } }), 1),
    ).toEqual(['a']);
  });
});
