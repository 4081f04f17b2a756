import { applyBehaviourPatch, BehaviourPatch } from '../config/behaviour-patch';
import { GatewayBehaviour, LatencyRange } from '../config/simulator-config';
import { mathRandom, randomBetween, RandomSource } from './random-source';
import { SubmitDecision } from './submit-decision';
import { TpsLimiter } from './tps-limiter';
import { WeightedPicker } from './weighted-picker';

/** Turns a gateway's behaviour knobs into concrete random choices; swapped atomically when the knobs change. */
export class GatewayBehaviourEngine {
  private current: GatewayBehaviour;
  private outcomePicker!: WeightedPicker<string>;
  private delayPicker!: WeightedPicker<LatencyRange>;
  private readonly tps: TpsLimiter;

  constructor(
    behaviour: GatewayBehaviour,
    private readonly random: RandomSource = mathRandom,
    now: () => number = Date.now,
  ) {
    this.current = behaviour;
    this.tps = new TpsLimiter(behaviour.tpsCap, now);
    this.rebuild();
  }

  get behaviour(): GatewayBehaviour {
    return this.current;
  }

  get blackHole(): boolean {
    return this.current.blackHole;
  }

  update(patch: BehaviourPatch): GatewayBehaviour {
    this.current = applyBehaviourPatch(this.current, patch);
    this.tps.setCap(this.current.tpsCap);
    this.rebuild();
    return this.current;
  }

  /** `submitsOnConnection` counts this submit too. */
  decideSubmit(submitsOnConnection: number): SubmitDecision {
    const behaviour = this.current;
    if (behaviour.dropAfterSubmits !== null && submitsOnConnection > behaviour.dropAfterSubmits)
      return { kind: 'drop' };
    if (behaviour.dropProbability > 0 && this.random() < behaviour.dropProbability) return { kind: 'drop' };
    if (!this.tps.tryAcquire())
      return { kind: 'reject', result: behaviour.flowControlResult, reason: 'flow-control' };
    return this.forcedResult() ?? { kind: 'accept' };
  }

  submitLatencyMs(): number {
    const { minMs, maxMs } = this.current.submitLatency;
    return randomBetween(this.random, minMs, maxMs);
  }

  reportDelayMs(): number {
    const range = this.delayPicker.pick(this.random);
    return randomBetween(this.random, range.minMs, range.maxMs);
  }

  /** A 7-character report state such as DELIVRD or a raw carrier code such as MK:0001. */
  pickOutcome(): string {
    return this.outcomePicker.pick(this.random);
  }

  private forcedResult(): SubmitDecision | undefined {
    const forced = this.current.forcedResults;
    if (forced.length === 0) return undefined;
    let draw = this.random();
    for (const entry of forced) {
      if (draw < entry.fraction) return { kind: 'reject', result: entry.code, reason: 'forced' };
      draw -= entry.fraction;
    }
    return undefined;
  }

  private rebuild(): void {
    const { outcomes, reportDelay } = this.current;
    this.outcomePicker = new WeightedPicker(
      Object.entries(outcomes).map(([value, weight]) => ({ value, weight })),
    );
    this.delayPicker =
      'buckets' in reportDelay
        ? new WeightedPicker(reportDelay.buckets.map((bucket) => ({ value: bucket, weight: bucket.weight })))
        : new WeightedPicker([{ value: reportDelay, weight: 1 }]);
  }
}
