import { SmoothWeightedRoundRobin } from './smooth-weighted-round-robin';

function picks(
  rotation: SmoothWeightedRoundRobin,
  members: Array<{ id: string; weight: number }>,
  count: number,
) {
  return Array.from({ length: count }, () => rotation.pick(members));
}

describe('SmoothWeightedRoundRobin', () => {
  it('interleaves by weight (5:1:1 gives a a b a c a a)', () => {
    const members = [
      { id: 'a', weight: 5 },
      { id: 'b', weight: 1 },
      { id: 'c', weight: 1 },
    ];
    expect(picks(new SmoothWeightedRoundRobin(), members, 7)).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('gives each member exactly its share over a full cycle', () => {
    const members = [
      { id: 'x', weight: 3 },
      { id: 'y', weight: 2 },
    ];
    const counts = new Map<string, number>();
    for (const id of picks(new SmoothWeightedRoundRobin(), members, 500))
      counts.set(id!, (counts.get(id!) ?? 0) + 1);
    expect(counts.get('x')).toBe(300);
    expect(counts.get('y')).toBe(200);
  });

  it('spreads equal weights evenly, alternating', () => {
    const members = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    expect(picks(new SmoothWeightedRoundRobin(), members, 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('handles fractional weights (demoted channels)', () => {
    const members = [
      { id: 'good', weight: 1 },
      { id: 'demoted', weight: 0.25 },
    ];
    const result = picks(new SmoothWeightedRoundRobin(), members, 500);
    expect(result.filter((id) => id === 'demoted')).toHaveLength(100);
  });

  it('keeps serving the remaining members when one drops out, and ignores zero weights', () => {
    const rotation = new SmoothWeightedRoundRobin();
    rotation.pick([
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ]);
    expect(picks(rotation, [{ id: 'b', weight: 1 }], 3)).toEqual(['b', 'b', 'b']);
    expect(rotation.pick([{ id: 'z', weight: 0 }])).toBeNull();
    expect(rotation.pick([])).toBeNull();
  });
});
