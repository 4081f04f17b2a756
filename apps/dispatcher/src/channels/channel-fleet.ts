import type { Logger } from 'pino';
import {
  afterAttempt,
  CandidatePicker,
  CandidateState,
  ChannelDefinition,
  ChannelLiveState,
  ClaimRequest,
  DispatchMessage,
  DispatchOutcome,
  Failure,
  FailoverOptions,
  MESSAGE_KINDS,
  MessageKind,
  normalizeProvince,
  priorityOf,
  RoutableMessage,
  ROUTE_TARGETS,
  RouteTarget,
  routeTargetOf,
  RouteRule,
  RoutingTable,
  whenExhausted,
} from '@tongdao/routing';
import { ChannelMetrics } from './channel-metrics';
import { LiveChannel } from './live-channel';
import { ReceiptLearning } from './receipt-learning';
import { RoomSignal } from './room-signal';

/** How long a message no candidate can take right now waits for room before going back to the queue. */
const BUSY_WAIT_MS = 1_000;
/** A channel that withdrew a message (it failed meanwhile) may be offered it once more, no more. */
const UNSENT_RETRIES = 1;

const UNAVAILABLE: CandidateState = {
  healthy: false,
  available: false,
  throttled: false,
  weightFactor: 0,
  outOfRotation: false,
  probeDue: false,
};

/**
 * The channels of this dispatcher and the routing between them: which channel takes a message (rules, weights,
 * health, learning), failover to the next candidate when one fails, and how much the healthy channels can take.
 */
export class ChannelFleet {
  private readonly channels = new Map<string, LiveChannel>();
  private table = new RoutingTable([], []);
  private readonly picker = new CandidatePicker();
  readonly room = new RoomSignal();
  private readonly draining = new Set<Promise<void>>();

  constructor(
    private readonly create: (definition: ChannelDefinition) => LiveChannel,
    private readonly learning: ReceiptLearning,
    private readonly metrics: ChannelMetrics,
    private readonly failover: FailoverOptions,
    private readonly log: Logger,
  ) {}

  /** Makes the running channels match the configuration: opens new ones, updates changed ones, drains removed ones. */
  async apply(
    definitions: readonly ChannelDefinition[],
    rules: readonly RouteRule[],
    dispatchers: number,
  ): Promise<void> {
    const wanted = new Map(
      definitions.filter((d) => d.enabled).map((definition) => [definition.id, definition]),
    );
    for (const [id, live] of this.channels) {
      if (wanted.has(id)) continue;
      this.channels.delete(id);
      this.log.info({ channel: id }, 'channel removed or disabled; draining it');
      this.track(live.close());
    }
    const starting: Array<Promise<void>> = [];
    for (const definition of wanted.values()) {
      const live = this.channels.get(definition.id);
      if (!live) {
        const created = this.create(definition);
        this.channels.set(definition.id, created);
        starting.push(created.start(dispatchers));
      } else if (JSON.stringify(live.definition) !== JSON.stringify(definition)) {
        starting.push(live.update(definition, dispatchers));
      }
    }
    this.table = new RoutingTable(definitions, rules);
    this.picker.reset();
    this.room.notify();
    await Promise.all(
      starting.map((work) =>
        work.catch((error: Error) => this.log.error({ err: error.message }, 'channel failed to start')),
      ),
    );
  }

  async syncLeases(dispatchers: number): Promise<void> {
    await Promise.all([...this.channels.values()].map((live) => live.syncLeases(dispatchers)));
  }

  /**
   * Per kind and network, how many messages the healthy channels can take now; networks without a healthy
   * channel are absent, so their messages stay queued. Kinds of one network share the same channels: the claim
   * loop takes them in priority order against the same room.
   */
  claimPlan(): ClaimRequest[] {
    const plan: ClaimRequest[] = [];
    for (const kind of MESSAGE_KINDS) {
      for (const route of ROUTE_TARGETS) {
        const carrier = route === 'INTL' ? 'INTL' : route;
        let limit = 0;
        let lastResort = 0;
        for (const id of this.table.serving(kind, route)) {
          const room = this.channels.get(id)?.room() ?? 0;
          if (this.learning.verdict(id, carrier, null).outOfRotation) lastResort += room;
          else limit += room;
        }
        if (limit + lastResort > 0) plan.push({ kind, route, limit: limit > 0 ? limit : lastResort });
      }
    }
    return plan;
  }

  /** Routes, submits and fails over; resolves with what the claim loop records. */
  async dispatch(message: DispatchMessage): Promise<DispatchOutcome> {
    const routable: RoutableMessage = {
      accountId: message.accountId,
      phone: message.phone,
      kind: message.kind,
      carrier: message.carrier,
      province: normalizeProvince(message.province),
    };
    const groups = this.table.groupsFor(routable);
    if (groups.length === 0) return noRoute(routable);
    const carrier = routeTargetOf(routable) ?? 'INTL';
    const normalized = { ...message, province: routable.province };
    const priority = priorityOf(message.kind);
    const tried = new Set<string>();
    const unsent = new Map<string, number>();
    const state: { failure?: Failure; written: boolean } = { written: false };
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      const pick = this.picker.pick(groups, (id) => this.gate(id, carrier, routable.province), tried);
      if (pick.kind === 'busy' && Date.now() < deadline) {
        await this.room.wait(deadline - Date.now());
        continue;
      }
      if (pick.kind !== 'channel') break;
      const live = this.channels.get(pick.channelId)!;
      if (pick.probe) this.learning.probed(live.id, carrier, routable.province);
      const attempt = await live.attempt(normalized, priority);
      const step = afterAttempt(live.id, attempt, message.attempts, this.failover);
      if (step.action === 'finish') return step.outcome;
      this.metrics.failovers.inc({ from: live.id, reason: attempt.kind });
      state.failure = step.failure;
      state.written ||= step.written;
      const unsentCount = attempt.kind === 'not-sent' ? (unsent.get(live.id) ?? 0) + 1 : Infinity;
      unsent.set(live.id, unsentCount);
      if (unsentCount > UNSENT_RETRIES) tried.add(live.id);
    }
    return whenExhausted(state, message.attempts, this.failover);
  }

  /** Whether any channel at all could carry messages of this kind to this network. */
  serves(kind: MessageKind, route: RouteTarget): boolean {
    return this.table.serves(kind, route);
  }

  /** Submits the healthy channels can have on the wire at once. */
  windowCapacity(): number {
    return [...this.channels.values()].reduce((sum, live) => sum + live.windowCapacity(), 0);
  }

  liveStates(): ChannelLiveState[] {
    return [...this.channels.values()].map((live) => live.liveState());
  }

  async close(): Promise<void> {
    const channels = [...this.channels.values()];
    this.channels.clear();
    await Promise.all([...channels.map((live) => live.close()), ...this.draining]);
  }

  private gate(id: string, carrier: string, province: string | null): CandidateState {
    const live = this.channels.get(id);
    if (!live) return UNAVAILABLE;
    return {
      healthy: live.healthy(),
      available: live.available(),
      throttled: live.throttled(),
      ...this.learning.verdict(id, carrier, province),
    };
  }

  private track(work: Promise<void>): void {
    this.draining.add(work);
    void work.finally(() => this.draining.delete(work));
  }
}

function noRoute(message: RoutableMessage): DispatchOutcome {
  const target = routeTargetOf(message) ?? 'an unknown mainland carrier';
  const where = message.province ? ` in ${message.province}` : '';
  return {
    kind: 'failed',
    errorCode: 'NO_ROUTE',
    detail: `no channel carries ${message.kind} messages to ${target}${where}`,
  };
}
