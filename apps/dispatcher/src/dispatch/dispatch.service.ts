import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '@tongdao/config';
import { ClaimSlice, QueueDepth } from '@tongdao/database';
import { kindOfLane, laneOf, MESSAGE_KINDS, MessageKind } from '@tongdao/lifecycle';
import { APP_CONFIG, MetricsService, REDIS } from '@tongdao/platform';
import {
  ClaimRequest,
  DISPATCH_ROUTES,
  DispatchMessage,
  DispatchOutcome,
  dispatchRouteOf,
  DispatchWakeupBus,
} from '@tongdao/routing';
import { ChannelPoolService } from '../channels/channel-pool.service';
import { DispatchRepository, FailedRow, RetryRow, SubmittedRow } from './dispatch.repository';
import { RecordedSubmits } from './recorded-submits';

/** How often messages nobody can ever carry (no channel configured for their route) are failed. */
const NO_ROUTE_SWEEP_MS = 2_000;
const NO_ROUTE_SWEEP_LIMIT = 500;
const QUEUE_DEPTH_INTERVAL_MS = 5_000;
const FAILED_COMMIT_BACKOFF_MS = 200;
/** Outcome commits that may run at once: the next starts while one waits on its round trips and WAL flush. */
const CONCURRENT_OUTCOME_COMMITS = 2;
/** How often a busy dispatcher looks for new verification codes between bulk rounds. */
const BUSY_TICK_MS = 5;
/** Leases are renewed this many times per lease period, so a live dispatcher never loses one. */
const LEASE_RENEWALS_PER_LEASE = 3;
/**
 * A lane whose claim came back empty is not asked again for this long: an empty claim costs as much as a full one,
 * and asking every empty lane on every round took much of the claim loop's time. Bounds how much later than a
 * round a verification code arriving in an empty lane is claimed (the priority benchmark's p99 did not move).
 */
const EMPTY_LANE_RECHECK_MS = 20;
/** A busy loop claims again once at least this share of the channels' room is free, not for every slot. */
const CLAIM_THRESHOLD_SHARE = 0.5;

/**
 * The dispatch loop: claim due messages from the dispatch queue (leased, lane by lane, only for routes with a
 * healthy channel), hand each to the channel pool, and record outcomes in group commits. Shutdown stops claiming,
 * waits for in-flight submits and records their outcomes.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private submitted: SubmittedRow[] = [];
  private retries: RetryRow[] = [];
  private failures: FailedRow[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private depthTimer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  /** Messages claimed by this dispatcher whose outcome is not committed yet: their leases are kept alive. */
  private readonly held = new Set<string>();
  private readonly commits = new Set<Promise<void>>();
  /** Outcomes handed to the running commits. */
  private recording = 0;
  private completed: (() => void) | null = null;
  /** Ends the current idle wait early (a wake-up notice: messages were just queued). */
  private interruptIdle: (() => void) | null = null;
  /** A notice came while a claim round ran, which may have looked before those messages were committed. */
  private wakePending = false;
  private readonly wakeups: DispatchWakeupBus;
  private latestDepth: QueueDepth[] = [];
  private readonly laneEmptyUntil = new Map<string, number>();
  private readonly outcomes: Counter<'outcome'>;
  private readonly reclaimed: Counter;
  private readonly depthGauge: Gauge<'kind' | 'route'>;
  private readonly oldestGauge: Gauge<'kind' | 'route'>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DispatchRepository,
    private readonly channels: ChannelPoolService,
    private readonly recordedSubmits: RecordedSubmits,
    metrics: MetricsService,
    @Inject(REDIS) redis: Redis,
  ) {
    this.wakeups = new DispatchWakeupBus(redis, config.redis.keyPrefix);
    this.outcomes = metrics.counter('tongdao_dispatch_outcomes_total', 'Dispatch outcomes recorded', [
      'outcome',
    ]);
    this.reclaimed = metrics.counter(
      'tongdao_dispatch_reclaimed_total',
      'Messages claimed again after their dispatcher lease expired (it died mid-submit)',
    );
    this.depthGauge = metrics.gauge('tongdao_queue_depth', 'Messages due and waiting for a channel', [
      'kind',
      'route',
    ]);
    this.oldestGauge = metrics.gauge(
      'tongdao_queue_oldest_age_seconds',
      'How long the oldest due message has waited',
      ['kind', 'route'],
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.sweepTimer = setInterval(() => void this.sweepUnroutable(), NO_ROUTE_SWEEP_MS);
    this.depthTimer = setInterval(() => void this.measureQueue(), QUEUE_DEPTH_INTERVAL_MS);
    this.leaseTimer = setInterval(
      () => void this.renewLeases(),
      (this.config.dispatcher.leaseSeconds * 1000) / LEASE_RENEWALS_PER_LEASE,
    );
    this.loop = this.run();
    this.wakeups
      .listen((kind) => this.queued(kind))
      .catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'no wake-up notices; polling only'),
      );
  }

  /** Stops claiming, lets in-flight submits finish and records their outcomes. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.sweepTimer);
    clearInterval(this.depthTimer);
    this.completed?.();
    this.interruptIdle?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.flushOutcomes();
    clearInterval(this.leaseTimer);
    await this.wakeups.close();
    // Whatever could not be recorded is left to the leases; reports waiting for it go ahead (and park).
    for (const row of this.submitted) this.recordedSubmits.settle(row.channelId, row.carrierMessageIds);
  }

  /** The last measured queue depth per lane and route (for operations views). */
  queueDepth(): readonly QueueDepth[] {
    return this.latestDepth;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.claimRound();
      } catch (error) {
        this.logger.error({ err: (error as Error).message }, 'claim round failed');
      }
      if (!this.running) break;
      const busy = this.inFlight.size > 0 || this.unrecorded() > 0;
      // While channels are busy, look again soon for verification codes, which never wait for a bulk round.
      if (claimed === 0) await this.idle(busy ? BUSY_TICK_MS : this.config.dispatcher.pollIntervalMs, busy);
    }
  }

  /**
   * Claims lane by lane, verification first. Channels that serve several kinds share their room, so what one lane
   * took is taken off the next lane's budget for the same route.
   */
  private async claimRound(): Promise<number> {
    this.wakePending = false;
    const plan = this.channels.claimPlan();
    const room = new Map<string, number>();
    for (const request of plan)
      room.set(request.route, Math.max(room.get(request.route) ?? 0, request.limit));
    const totalRoom = [...room.values()].reduce((sum, value) => sum + value, 0);
    if (totalRoom === 0) return 0;
    // Bulk lanes wait until a worthwhile share of the room is free; verification codes go whenever there is room.
    const bulkToo = this.inFlight.size === 0 || totalRoom >= this.claimThreshold(plan);
    // Answered submits not yet committed are what a crash would send twice: keep them within a few windows' worth,
    // enough that one slow commit does not stall the channels.
    const unrecorded = this.unrecorded();
    const unrecordedLimit = this.channels.windowCapacity() * this.config.dispatcher.unrecordedWindows;
    if (unrecorded >= unrecordedLimit) return 0;
    let budget = Math.min(totalRoom, this.config.dispatcher.claimBatch, unrecordedLimit - unrecorded);
    let claimed = 0;
    for (const kind of MESSAGE_KINDS) {
      if (budget <= 0 || (kind !== 'verification' && !bulkToo)) break;
      if ((this.laneEmptyUntil.get(kind) ?? 0) > Date.now()) continue;
      const slices = this.slicesFor(kind, plan, room, budget);
      if (slices.length === 0) continue;
      const messages = await this.claim(slices);
      if (messages.length === 0) this.laneEmptyUntil.set(kind, Date.now() + EMPTY_LANE_RECHECK_MS);
      for (const message of messages) {
        const route = dispatchRouteOf(message.phone, message.carrier);
        room.set(route, (room.get(route) ?? 0) - 1);
        this.track(this.dispatch(message));
      }
      budget -= messages.length;
      claimed += messages.length;
    }
    return claimed;
  }

  private async claim(slices: ClaimSlice[]): Promise<DispatchMessage[]> {
    const { messages, reclaimed } = await this.repository.claim(
      slices,
      this.config.dispatcher.id,
      this.config.dispatcher.leaseSeconds,
    );
    for (const message of messages) this.held.add(message.id);
    if (reclaimed > 0) {
      this.reclaimed.inc(reclaimed);
      this.logger.warn({ count: reclaimed }, 'claimed messages whose dispatcher lease had expired');
    }
    return messages;
  }

  /**
   * This kind's share of the round: the budget is split over the routes in proportion to their room (never more
   * than a route's room), so a busy route cannot starve the others of claims.
   */
  private slicesFor(
    kind: ClaimRequest['kind'],
    plan: ClaimRequest[],
    room: Map<string, number>,
    budget: number,
  ): ClaimSlice[] {
    const lane = laneOf(kind);
    const requests = plan.filter((request) => request.kind === kind);
    const total = requests.reduce(
      (sum, request) => sum + Math.min(request.limit, room.get(request.route) ?? 0),
      0,
    );
    if (total <= 0) return [];
    const share = Math.min(1, budget / total);
    return requests
      .map((request) => {
        const available = Math.min(request.limit, room.get(request.route) ?? 0);
        return { lane, route: request.route, limit: Math.min(available, Math.ceil(available * share)) };
      })
      .filter((slice) => slice.limit > 0);
  }

  private claimThreshold(plan: ClaimRequest[]): number {
    const capacity = plan.reduce((max, request) => Math.max(max, request.limit), 0);
    return Math.max(
      1,
      Math.floor(Math.min(this.config.dispatcher.claimBatch, capacity) * CLAIM_THRESHOLD_SHARE),
    );
  }

  /** Messages of routes no channel serves at all are failed now rather than left queued forever. */
  private async sweepUnroutable(): Promise<void> {
    try {
      const slices: ClaimSlice[] = [];
      for (const kind of MESSAGE_KINDS) {
        const served = new Set(this.channels.servedRoutes(kind));
        for (const route of DISPATCH_ROUTES)
          if (!served.has(route)) slices.push({ lane: laneOf(kind), route, limit: NO_ROUTE_SWEEP_LIMIT });
      }
      const messages = await this.claim(slices);
      messages.forEach((message) => this.track(this.dispatch(message)));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'no-route sweep failed');
    }
  }

  private async measureQueue(): Promise<void> {
    try {
      this.latestDepth = await this.repository.queueDepth();
      this.depthGauge.reset();
      this.oldestGauge.reset();
      const now = Date.now();
      for (const depth of this.latestDepth) {
        const labels = { kind: kindOfLane(depth.lane), route: depth.route };
        this.depthGauge.set(labels, depth.due);
        if (depth.oldestDueAt)
          this.oldestGauge.set(labels, Math.max(0, (now - depth.oldestDueAt.getTime()) / 1000));
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'measuring the queue failed');
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.repository.renewLeases(
        [...this.held],
        this.config.dispatcher.id,
        this.config.dispatcher.leaseSeconds,
      );
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, held: this.held.size },
        'renewing claim leases failed',
      );
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.wake();
    });
  }

  /** Messages of this kind were just queued (an API's notice): ask their lane again now, not at the next poll. */
  private queued(kind: MessageKind): void {
    this.laneEmptyUntil.delete(kind);
    // A busy loop looks again within BUSY_TICK_MS anyway; cutting that short only adds claim rounds.
    if (this.inFlight.size > 0 || this.unrecorded() > 0) return;
    this.wakePending = true;
    const interrupt = this.interruptIdle;
    this.interruptIdle = null;
    interrupt?.();
  }

  private wake(): void {
    const wake = this.completed;
    this.completed = null;
    wake?.();
  }

  /**
   * Waits `ms`, or less when messages are announced as queued, or when `orCompletion` and a dispatch finishes first
   * (room for the next claim).
   */
  private idle(ms: number, orCompletion = false): Promise<void> {
    if (this.wakePending) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      if (orCompletion) this.completed = finish;
      this.interruptIdle = finish;
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private async dispatch(message: DispatchMessage): Promise<void> {
    const outcome = await this.channels.dispatch(message);
    this.record(message, outcome);
  }

  private unrecorded(): number {
    return this.pendingOutcomes() + this.recording;
  }

  private record(message: DispatchMessage, outcome: DispatchOutcome): void {
    const key = { id: message.id, createdAt: message.createdAt, attempts: message.attempts };
    this.outcomes.inc({ outcome: outcome.kind === 'retry' && !outcome.attempted ? 'busy' : outcome.kind });
    if (outcome.kind === 'submitted') {
      this.recordedSubmits.expect(outcome.channelId, outcome.carrierMessageIds);
      this.submitted.push({
        ...key,
        channelId: outcome.channelId,
        carrierMessageIds: outcome.carrierMessageIds,
        acknowledgedAt: Date.now(),
      });
    } else if (outcome.kind === 'retry') {
      this.retries.push({
        ...key,
        delayMs: outcome.delayMs,
        errorCode: outcome.errorCode,
        detail: outcome.detail,
        attempted: outcome.attempted,
        channelId: outcome.channelId,
      });
    } else {
      this.failures.push({
        ...key,
        errorCode: outcome.errorCode,
        detail: outcome.detail,
        channelId: outcome.channelId,
      });
    }
    this.startCommits();
  }

  /**
   * Group commits: while fewer than CONCURRENT_OUTCOME_COMMITS run, a commit starts with everything decided so far,
   * so an answered submit waits for its commit no longer than about one commit takes. Resolves once every outcome
   * decided so far is committed (shutdown waits on it).
   */
  async flushOutcomes(): Promise<void> {
    this.startCommits();
    while (this.commits.size > 0) {
      await Promise.race(this.commits);
      this.startCommits();
    }
  }

  private startCommits(): void {
    while (this.pendingOutcomes() > 0 && this.commits.size < CONCURRENT_OUTCOME_COMMITS) {
      const commit: Promise<void> = this.writeOutcomes().finally(() => {
        this.commits.delete(commit);
        if (this.running || this.inFlight.size > 0) this.startCommits();
      });
      this.commits.add(commit);
    }
  }

  private pendingOutcomes(): number {
    return this.submitted.length + this.retries.length + this.failures.length;
  }

  private async writeOutcomes(): Promise<void> {
    const outcomes = {
      submitted: this.submitted.splice(0),
      retries: this.retries.splice(0),
      failures: this.failures.splice(0),
    };
    const rows = outcomes.submitted.length + outcomes.retries.length + outcomes.failures.length;
    this.recording += rows;
    try {
      await this.repository.record(outcomes, this.config.dispatcher.id);
      for (const row of outcomes.submitted) this.recordedSubmits.settle(row.channelId, row.carrierMessageIds);
      for (const list of [outcomes.submitted, outcomes.retries, outcomes.failures])
        for (const row of list) this.held.delete(row.id);
    } catch (error) {
      // Keep the outcomes and try again: the leases protect these messages meanwhile.
      this.submitted.unshift(...outcomes.submitted);
      this.retries.unshift(...outcomes.retries);
      this.failures.unshift(...outcomes.failures);
      this.logger.error({ err: (error as Error).message }, 'recording dispatch outcomes failed; will retry');
      await new Promise((resolve) => setTimeout(resolve, FAILED_COMMIT_BACKOFF_MS));
    } finally {
      this.recording -= rows;
      this.wake();
    }
  }
}
