import { once } from 'node:events';
import {
  BreakerOpenError,
  BreakerOptions,
  BreakerTransition,
  ChannelBreaker,
  ChannelVerdict,
} from './channel-breaker';

const options: BreakerOptions = {
  errorThresholdPercentage: 50,
  volumeThreshold: 4,
  rollingWindowMs: 60_000,
  resetTimeoutMs: 60_000,
  halfOpenProbes: 3,
};

const judge = (result: string): ChannelVerdict =>
  result === 'ok' ? { ok: true } : { ok: false, reason: result };
const submit = (breaker: ChannelBreaker, result: string) => breaker.run(() => Promise.resolve(result), judge);

describe('ChannelBreaker', () => {
  const breakers: ChannelBreaker[] = [];
  const create = (overrides: Partial<BreakerOptions> = {}) => {
    const breaker = new ChannelBreaker('ch', { ...options, ...overrides });
    breakers.push(breaker);
    return breaker;
  };
  afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

  it('returns every result, failures included, and stays closed below the volume threshold', async () => {
    const breaker = create();
    await expect(submit(breaker, 'timeout')).resolves.toBe('timeout');
    await expect(submit(breaker, 'timeout')).resolves.toBe('timeout');
    expect(breaker.state).toBe('closed');
  });

  it('opens on the error rate, with the figures in its reason, and then admits nothing', async () => {
    const breaker = create();
    for (const result of ['ok', 'timeout', 'timeout', 'timeout']) await submit(breaker, result);
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('3 of 4 submits failed within 60 s (last: timeout)');
    expect(breaker.canAdmit()).toBe(false);
    await expect(submit(breaker, 'ok')).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it('does not open while most submits succeed', async () => {
    const breaker = create();
    for (const result of ['ok', 'ok', 'ok', 'timeout', 'ok', 'timeout', 'ok']) await submit(breaker, result);
    expect(breaker.state).toBe('closed');
  });

  it('trips at once on connection loss and records the transition', () => {
    const breaker = create();
    const seen: BreakerTransition[] = [];
    breaker.on('transition', (transition: BreakerTransition) => seen.push(transition));
    breaker.trip('connection lost: socket closed');
    breaker.trip('again');
    expect(seen).toEqual([
      expect.objectContaining({ from: 'closed', to: 'open', reason: 'connection lost: socket closed' }),
    ]);
    expect(breaker.transitions()).toHaveLength(1);
  });

  it('half-opens after the reset timeout and closes after the probes succeed, admitting no more than the probes', async () => {
    const breaker = create({ resetTimeoutMs: 30 });
    breaker.trip('stalled');
    await once(breaker, 'transition');
    expect(breaker.state).toBe('half-open');
    const release: Array<() => void> = [];
    const slow = () =>
      breaker.run(() => new Promise<string>((resolve) => release.push(() => resolve('ok'))), judge);
    const probes = [slow(), slow(), slow()];
    expect(breaker.canAdmit()).toBe(false);
    release.forEach((done) => done());
    await Promise.all(probes);
    expect(breaker.state).toBe('closed');
    expect(breaker.reason).toBe('3 probes succeeded');
  });

  it('opens again when a probe fails', async () => {
    const breaker = create();
    breaker.trip('connection lost');
    breaker.recovered('logged in again');
    expect(breaker.state).toBe('half-open');
    await submit(breaker, 'ok');
    await submit(breaker, 'connection_lost');
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('probe failed: connection_lost');
  });

  it('counts afresh after closing, so old failures cannot reopen it', async () => {
    const breaker = create();
    for (const result of ['timeout', 'timeout', 'timeout', 'timeout']) await submit(breaker, result);
    breaker.recovered('test');
    for (let probe = 0; probe < 3; probe += 1) await submit(breaker, 'ok');
    expect(breaker.state).toBe('closed');
    for (const result of ['ok', 'ok', 'timeout']) await submit(breaker, result);
    expect(breaker.state).toBe('closed');
  });

  it('lets thrown errors through without counting them', async () => {
    const breaker = create({ volumeThreshold: 1 });
    await expect(breaker.run(() => Promise.reject(new Error('bad input')), judge)).rejects.toThrow(
      'bad input',
    );
    expect(breaker.state).toBe('closed');
  });
});
