import { CandidateGroup } from './routing-table';
import { SmoothWeightedRoundRobin } from './smooth-weighted-round-robin';

/** What the pool knows right now about one candidate channel for one message. */
export interface CandidateState {
  /** Logged in and its breaker admits submits. */
  healthy: boolean;
  /** Healthy with a free slot in its windows. */
  available: boolean;
  /** Out of TPS tokens for the moment: a message sent there waits for tokens. */
  throttled: boolean;
  /** Learning's verdict: a demoted channel's weight is multiplied by this (1 = normal). */
  weightFactor: number;
  /** Out of rotation: used only for a due probe, or when no other candidate is healthy. */
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

interface Candidate {
  channelId: string;
  groupKey: string;
  weight: number;
  state: CandidateState;
}

/**
 * Walks the candidate groups in order and spreads within the first group that has an available channel, by
 * weight times learning's factor. Channels with TPS tokens go before channels without, across groups: a group at
 * its rate cap spills over to the next one, and only when no channel has tokens does the message wait for the
 * best group's. `exclude` holds channels this message already failed on. Out-of-rotation channels get due probes,
 * and otherwise only serve when no other candidate is healthy at all.
 */
export class CandidatePicker {
  private readonly rotations = new Map<string, SmoothWeightedRoundRobin>();

  pick(groups: readonly CandidateGroup[], gate: CandidateGate, exclude: ReadonlySet<string>): PickResult {
    const candidates: Candidate[] = [];
    for (const group of groups)
      for (const member of group.members)
        if (!exclude.has(member.channelId))
          candidates.push({
            channelId: member.channelId,
            groupKey: group.key,
            weight: member.weight,
            state: gate(member.channelId),
          });
    if (candidates.length === 0) return exclude.size === 0 ? { kind: 'no-route' } : { kind: 'exhausted' };

    const probe = candidates.find(({ state }) => state.outOfRotation && state.probeDue && state.available);
    if (probe) return { kind: 'channel', channelId: probe.channelId, groupKey: probe.groupKey, probe: true };
    const inRotation = candidates.filter(({ state }) => !state.outOfRotation);
    const chosen =
      this.firstGroup(inRotation.filter(({ state }) => state.available && !state.throttled)) ??
      this.firstGroup(inRotation.filter(({ state }) => state.available));
    if (chosen) return { kind: 'channel', ...chosen, probe: false };
    if (!inRotation.some(({ state }) => state.healthy)) {
      const lastResort = candidates.find(({ state }) => state.outOfRotation && state.available);
      if (lastResort)
        return {
          kind: 'channel',
          channelId: lastResort.channelId,
          groupKey: lastResort.groupKey,
          probe: false,
        };
    }
    return { kind: 'busy' };
  }

  /** Forgets round-robin positions, e.g. after the routing table changed. */
  reset(): void {
    this.rotations.clear();
  }

  /** Spreads by weight within the first group that has any of these candidates. */
  private firstGroup(candidates: Candidate[]): { channelId: string; groupKey: string } | undefined {
    const first = candidates[0];
    if (!first) return undefined;
    const group = candidates.filter((candidate) => candidate.groupKey === first.groupKey);
    if (group.length === 1) return { channelId: first.channelId, groupKey: first.groupKey };
    const chosen = this.rotation(first.groupKey).pick(
      group.map((candidate) => ({
        id: candidate.channelId,
        weight: candidate.weight * candidate.state.weightFactor,
      })),
    );
    return chosen === null ? undefined : { channelId: chosen, groupKey: first.groupKey };
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
