import { CandidateGroup } from './routing-table';
import { SmoothWeightedRoundRobin } from './smooth-weighted-round-robin';

/** What the pool knows right now about one candidate channel for one message. */
export interface CandidateState {
  /** Healthy (logged in, breaker admits) with room (window, cluster TPS). */
  available: boolean;
  /** Learning's verdict: a demoted channel's weight is multiplied by this (1 = normal). */
  weightFactor: number;
  /** Out of rotation: used only for a due probe, or when nothing else anywhere can take the message. */
  outOfRotation: boolean;
  /** A probe of an out-of-rotation channel is due now. */
  probeDue: boolean;
}

export type CandidateGate = (channelId: string) => CandidateState;

export type PickResult =
  | { kind: 'channel'; channelId: string; groupKey: string; probe: boolean }
  /** Candidates exist but none can take the message now: it waits (or goes back to the queue). */
  | { kind: 'busy' }
  /** Every candidate was tried already. */
  | { kind: 'exhausted' }
  /** No channel can ever carry it: waiting cannot help. */
  | { kind: 'no-route' };

/**
 * Walks the candidate groups in order and spreads within the first group that has an available channel,
 * by weight times learning's factor. `exclude` holds channels this message already failed on.
 * Out-of-rotation channels get due probes, and otherwise serve only as the last resort.
 */
export class CandidatePicker {
  private readonly rotations = new Map<string, SmoothWeightedRoundRobin>();

  pick(groups: readonly CandidateGroup[], gate: CandidateGate, exclude: ReadonlySet<string>): PickResult {
    let candidates = 0;
    const lastResort: Array<{ channelId: string; groupKey: string }> = [];
    for (const group of groups) {
      const ready: Array<{ id: string; weight: number }> = [];
      for (const member of group.members) {
        if (exclude.has(member.channelId)) continue;
        candidates += 1;
        const state = gate(member.channelId);
        if (!state.available) continue;
        if (state.outOfRotation) {
          if (state.probeDue)
            return { kind: 'channel', channelId: member.channelId, groupKey: group.key, probe: true };
          lastResort.push({ channelId: member.channelId, groupKey: group.key });
          continue;
        }
        ready.push({ id: member.channelId, weight: member.weight * state.weightFactor });
      }
      const chosen = ready.length === 1 ? ready[0]!.id : this.rotation(group.key).pick(ready);
      if (chosen !== null && chosen !== undefined)
        return { kind: 'channel', channelId: chosen, groupKey: group.key, probe: false };
    }
    const fallback = lastResort[0];
    if (fallback) return { kind: 'channel', ...fallback, probe: false };
    if (candidates > 0) return { kind: 'busy' };
    return exclude.size === 0 ? { kind: 'no-route' } : { kind: 'exhausted' };
  }

  /** Forgets round-robin positions, e.g. after the routing table changed. */
  reset(): void {
    this.rotations.clear();
  }

  private rotation(key: string): SmoothWeightedRoundRobin {
    let rotation = this.rotations.get(key);
    if (!rotation) {
      rotation = new SmoothWeightedRoundRobin();
      this.rotations.set(key, rotation);
    }
    return rotation;
  }
}
