import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  afterEach(() => jest.useRealTimers());

  it('does not limit when no rate is set', () => {
    const bucket = new TokenBucket();
    for (let i = 0; i < 1_000; i += 1) expect(bucket.tryTake()).toBe(true);
  });

  it('allows the burst, then refills at the configured rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 3, now: () => now });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now = 9;
    expect(bucket.tryTake()).toBe(false);
    now = 10;
    expect(bucket.tryTake()).toBe(true);
    now = 10_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('serves waiters in order as tokens accrue', async () => {
    jest.useFakeTimers();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    const served: number[] = [];
    await bucket.take();
    const waits = [1, 2, 3].map((n) => bucket.take().then(() => served.push(n)));
    expect(bucket.waiting).toBe(3);
    await jest.advanceTimersByTimeAsync(100);
    expect(served).toEqual([1]);
    await jest.advanceTimersByTimeAsync(200);
    await Promise.all(waits);
    expect(served).toEqual([1, 2, 3]);
  });

  it('serves urgent waiters before earlier bulk ones', async () => {
    jest.useFakeTimers();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    const served: string[] = [];
    await bucket.take();
    const waits = [
      bucket.take(2).then(() => served.push('marketing')),
      bucket.take(0).then(() => served.push('otp')),
    ];
    await jest.advanceTimersByTimeAsync(100);
    expect(served).toEqual(['otp']);
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(waits);
    expect(served).toEqual(['otp', 'marketing']);
  });

  it('lets an aborted waiter go without its token', async () => {
    jest.useFakeTimers();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, onAbort: () => new Error('withdrawn') });
    await bucket.take();
    const controller = new AbortController();
    const withdrawn = bucket.take(1, controller.signal);
    const next = bucket.take(1);
    controller.abort();
    await expect(withdrawn).rejects.toThrow('withdrawn');
    expect(bucket.waiting).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    await expect(next).resolves.toBeUndefined();
  });

  it('does not let a newcomer jump the queue', async () => {
    jest.useFakeTimers();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1 });
    await bucket.take();
    const waiting = bucket.take();
    jest.setSystemTime(Date.now() + 1_000);
    expect(bucket.tryTake()).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('rejects waiters when cancelled', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    await bucket.take();
    const waiting = bucket.take();
    bucket.cancelWaiters(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
  });
});
