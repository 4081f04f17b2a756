import { CarrierSimulator } from '@tongdao/carrier-sim';
import { DispatchOutcome, LiveStateStore } from '@tongdao/routing';
import {
  createTestDatabase,
  createTestRedis,
  startTestSimulator,
  TestDatabase,
  TestRedis,
  waitFor,
} from '@tongdao/testing';
import { message, receivedBy, simChannel, startPool, TestPool } from './pool-test-kit';

/**
 * The channel pool over real TCP (simulator), PostgreSQL and Redis: routing, weighted spread, province rules,
 * breakers, failover without loss or duplicates, claim planning.
 */
describe('channel pool (simulator over TCP, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let simulator: CarrierSimulator;
  const pools: TestPool[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  beforeEach(async () => {
    redis = await createTestRedis();
    simulator = await startTestSimulator(['cmpp3', 'cmpp2', 'smgp', 'smgp2']);
    await db.dataSource.query('DELETE FROM routes');
    await db.dataSource.query('DELETE FROM channels');
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    await simulator.stop();
    await redis.close();
  });

  afterAll(async () => {
    await db.drop();
  });

  async function pool(seed: unknown, env: Record<string, string> = {}): Promise<TestPool> {
    const started = await startPool(db, redis, seed, env);
    pools.push(started);
    return started;
  }

  async function ready(target: TestPool, ...channelIds: string[]): Promise<void> {
    await waitFor(
      async () => target.pool.liveStates(),
      (states) =>
        channelIds.every((id) =>
          states.some(
            (state) =>
              state.channelId === id && state.connections.ready > 0 && state.breaker.state === 'closed',
          ),
        ),
    );
  }

  const channelOf = (outcome: DispatchOutcome) =>
    outcome.kind === 'submitted' ? outcome.channelId : outcome.kind;

  it('spreads a carrier’s traffic by weight and sends a province’s messages by its rule', async () => {
    const target = await pool({
      channels: [
        simChannel(simulator, 'cmpp3', { id: 'cm-a', weight: 3 }),
        simChannel(simulator, 'cmpp2', { id: 'cm-b', weight: 1 }),
        simChannel(simulator, 'smgp', { id: 'ct-a' }),
      ],
      routes: [{ id: 'gd', target: 'CMCC', province: '广东', channels: [{ channelId: 'cm-b' }] }],
    });
    await ready(target, 'cm-a', 'cm-b', 'ct-a');
    const spread: string[] = [];
    for (let index = 0; index < 40; index += 1) spread.push(channelOf(await target.pool.dispatch(message())));
    expect(spread.filter((id) => id === 'cm-a')).toHaveLength(30);
    expect(spread.filter((id) => id === 'cm-b')).toHaveLength(10);

    const guangdong = await Promise.all(
      Array.from({ length: 5 }, () => target.pool.dispatch(message({ province: '广东省深圳市' }))),
    );
    expect(guangdong.map(channelOf)).toEqual(['cm-b', 'cm-b', 'cm-b', 'cm-b', 'cm-b']);
    const telecom = await target.pool.dispatch(message({ carrier: 'CTCC', phone: '+8618900000001' }));
    expect(channelOf(telecom)).toBe('ct-a');
    expect(simulator.gateway('cmpp2').recorder.summary()).toMatchObject({ messages: 15, duplicates: 0 });

    const metrics = await target.metrics();
    expect(metrics).toContain(
      'tongdao_channel_submits_total{channel="cm-b",carrier="CMCC",province="广东",outcome="accepted"} 5',
    );
    expect(metrics).toMatch(
      /tongdao_channel_submit_latency_seconds_count\{channel="cm-a",carrier="CMCC",province=""\} 30/,
    );
    target.pool.setQueueSource(() => [{ kind: 'marketing', route: 'CMCC', depth: 1200, oldestAgeMs: 4_500 }]);
    const published = await waitFor(
      () => new LiveStateStore(redis.redis).read(),
      (states) => states.some((state) => state.queues.length > 0),
    );
    expect(published[0]).toMatchObject({
      dispatcherId: target.config.dispatcher.id,
      queues: [{ kind: 'marketing', route: 'CMCC', depth: 1200 }],
    });
    expect(published[0]!.channels.map((channel) => channel.channelId).sort()).toEqual([
      'cm-a',
      'cm-b',
      'ct-a',
    ]);
  });

  it('fails a message no channel can ever carry, and plans claims only for served, healthy routes', async () => {
    const target = await pool([simChannel(simulator, 'cmpp3', { id: 'cm-a', kinds: ['verification'] })]);
    await ready(target, 'cm-a');
    await expect(target.pool.dispatch(message({ kind: 'marketing' }))).resolves.toMatchObject({
      kind: 'failed',
      errorCode: 'NO_ROUTE',
    });
    await expect(target.pool.dispatch(message({ carrier: 'CUCC' }))).resolves.toMatchObject({
      errorCode: 'NO_ROUTE',
    });
    expect(target.pool.claimPlan()).toEqual([{ kind: 'verification', route: 'CMCC', limit: 64 }]);
  });

  it('moves throttled submits to the redundant channel: every message reaches a carrier exactly once', async () => {
    simulator.gateway('cmpp3').updateBehaviour({ forcedResults: [{ code: 8, fraction: 0.3 }] });
    const target = await pool([
      simChannel(simulator, 'cmpp3', { id: 'cm-a', weight: 4 }),
      simChannel(simulator, 'cmpp2', { id: 'cm-b' }),
    ]);
    await ready(target, 'cm-a', 'cm-b');
    const messages = Array.from({ length: 60 }, () => message());
    const outcomes = await Promise.all(messages.map((m) => target.pool.dispatch(m)));
    expect(outcomes.filter((outcome) => outcome.kind === 'submitted')).toHaveLength(60);
    const received = receivedBy(simulator, ['cmpp3', 'cmpp2']);
    expect(messages.map((m) => received.get(m.phone)?.length ?? 0)).toEqual(messages.map(() => 1));
    expect(simulator.gateway('cmpp3').stats.submitsRejected).toBeGreaterThan(0);
    expect(await target.metrics()).toMatch(/tongdao_channel_throttles_total\{channel="cm-a"\} [1-9]/);
  });

  it('loses nothing when connections drop; only submits whose answer was lost can arrive twice', async () => {
    simulator.gateway('cmpp3').updateBehaviour({ dropProbability: 0.1 });
    const target = await pool(
      [
        simChannel(simulator, 'cmpp3', { id: 'cm-a', weight: 4 }),
        simChannel(simulator, 'cmpp2', { id: 'cm-b' }),
      ],
      { ROUTING_BREAKER_VOLUME: '1000' },
    );
    await ready(target, 'cm-a', 'cm-b');
    const messages = Array.from({ length: 60 }, () => message());
    const outcomes = await Promise.all(messages.map((m) => target.pool.dispatch(m)));
    expect(outcomes.filter((outcome) => outcome.kind === 'submitted')).toHaveLength(60);
    const received = receivedBy(simulator, ['cmpp3', 'cmpp2']);
    expect(messages.every((m) => (received.get(m.phone)?.length ?? 0) >= 1)).toBe(true);
    const twice = messages.filter((m) => (received.get(m.phone)?.length ?? 0) > 1).length;
    // Accepted on cm-a, answer lost with the connection, resent on cm-b: bounded by the window per drop.
    expect(twice).toBeLessThanOrEqual(simulator.gateway('cmpp3').stats.connectionsDropped * 16);
  });

  it('pulls queued submits back from a black-holed channel and re-sends them on the redundant one', async () => {
    const target = await pool([
      simChannel(simulator, 'cmpp3', { id: 'cm-a', window: 4, priority: 1 }),
      simChannel(simulator, 'cmpp2', { id: 'cm-b', priority: 2 }),
    ]);
    await ready(target, 'cm-a', 'cm-b');
    simulator.gateway('cmpp3').updateBehaviour({ blackHole: true });
    const messages = Array.from({ length: 20 }, () => message({ kind: 'verification' }));
    const outcomes = await Promise.all(messages.map((m) => target.pool.dispatch(m)));
    expect(outcomes.map(channelOf)).toEqual(messages.map(() => 'cm-b'));
    const received = receivedBy(simulator, ['cmpp3', 'cmpp2']);
    expect(messages.every((m) => received.get(m.phone)?.join() === 'cmpp2')).toBe(true);
    const states = target.pool.liveStates();
    expect(states.find((state) => state.channelId === 'cm-a')?.breaker).toMatchObject({
      state: 'open',
      reason: expect.stringMatching(/^stalled: 4 submits unanswered for \d+ ms$/),
    });
    expect(target.pool.claimPlan()).toContainEqual({ kind: 'verification', route: 'CMCC', limit: 64 });
  });

  it('follows the configured policy for submits written without an answer', async () => {
    const retry = await pool([simChannel(simulator, 'cmpp3', { id: 'cm-a' })], {
      ROUTING_AMBIGUOUS_POLICY: 'retry',
    });
    await ready(retry, 'cm-a');
    simulator.gateway('cmpp3').updateBehaviour({ blackHole: true });
    await expect(retry.pool.dispatch(message())).resolves.toMatchObject({
      kind: 'retry',
      errorCode: 'SUBMIT_UNCONFIRMED',
      attempted: true,
    });
    await retry.close();
    pools.splice(0);
    simulator.gateway('cmpp3').updateBehaviour({ blackHole: false });
    const fail = await pool([simChannel(simulator, 'cmpp3', { id: 'cm-a' })], {
      ROUTING_AMBIGUOUS_POLICY: 'fail',
    });
    await ready(fail, 'cm-a');
    simulator.gateway('cmpp3').updateBehaviour({ blackHole: true });
    await expect(fail.pool.dispatch(message())).resolves.toMatchObject({
      kind: 'failed',
      errorCode: 'SUBMIT_UNCONFIRMED',
    });
  });

  it('opens the breaker on timeouts, leaves the route out of the claim plan, and closes it again after probes', async () => {
    const target = await pool([simChannel(simulator, 'smgp', { id: 'ct-a', requestTimeoutMs: 300 })], {
      ROUTING_STALL_TIMEOUT_MS: '60000',
    });
    await ready(target, 'ct-a');
    simulator.gateway('smgp').updateBehaviour({ submitLatency: { minMs: 600, maxMs: 600 } });
    const telecom = () => message({ carrier: 'CTCC', phone: '+8618900000002' });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => target.pool.dispatch(telecom())));
    expect(outcomes.every((outcome) => outcome.kind === 'retry')).toBe(true);
    const opened = target.pool.liveStates()[0]!.breaker;
    expect(opened).toMatchObject({
      state: 'open',
      reason: expect.stringMatching(/of \d+ submits failed within 5 s \(last: timeout/),
    });
    expect(target.pool.claimPlan().some((entry) => entry.route === 'CTCC')).toBe(false);
    expect(await target.metrics()).toContain('tongdao_channel_breaker_state{channel="ct-a"} 2');

    simulator.gateway('smgp').updateBehaviour({ submitLatency: { minMs: 0, maxMs: 0 } });
    await waitFor(
      async () => target.pool.claimPlan(),
      (plan) => plan.some((entry) => entry.route === 'CTCC'),
    );
    for (let probe = 0; probe < 3; probe += 1)
      await expect(target.pool.dispatch(telecom())).resolves.toMatchObject({ kind: 'submitted' });
    const closed = target.pool.liveStates()[0]!.breaker;
    expect(closed.state).toBe('closed');
    expect(closed.transitions.map((transition) => `${transition.from}>${transition.to}`)).toEqual(
      expect.arrayContaining(['closed>open', 'open>half-open', 'half-open>closed']),
    );
  });
});
