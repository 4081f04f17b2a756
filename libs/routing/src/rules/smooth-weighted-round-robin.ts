/**
 * Smooth weighted round robin (as nginx spreads upstreams): over any run of picks each member gets its share of
 * the weight, interleaved rather than in bursts, and the sequence is deterministic. The members offered may change
 * between picks (a channel is full or down): state is kept per member id, so the others keep their place.
 */
export class SmoothWeightedRoundRobin {
  private readonly current = new Map<string, number>();

  pick(members: ReadonlyArray<{ id: string; weight: number }>): string | null {
    let total = 0;
    let best: string | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const member of members) {
      if (!(member.weight > 0)) continue;
      const score = (this.current.get(member.id) ?? 0) + member.weight;
      this.current.set(member.id, score);
      total += member.weight;
      if (score > bestScore) {
        best = member.id;
        bestScore = score;
      }
    }
    if (best !== null) this.current.set(best, bestScore - total);
    return best;
  }
}
