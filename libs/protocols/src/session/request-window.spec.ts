import { RequestTimeoutError } from './request-timeout-error';
import { RequestWindow } from './request-window';

describe('RequestWindow', () => {
  afterEach(() => jest.useRealTimers());

  it('grants slots up to its capacity and queues the rest in arrival order', async () => {
    const window = new RequestWindow<string>(2);
    await window.acquire();
    await window.acquire();
    const order: number[] = [];
    const third = window.acquire().then(() => order.push(3));
    const fourth = window.acquire().then(() => order.push(4));
    expect(window.queued).toBe(2);
    const first = window.track('a', 1_000);
    const second = window.track('b', 1_000);
    window.settle('a', 'A');
    await expect(first).resolves.toBe('A');
    await third;
    expect(order).toEqual([3]);
    window.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(window.inFlight).toBe(2);
    window.settle('b', 'B');
    await expect(second).resolves.toBe('B');
  });

  it('times a request out with RequestTimeoutError and frees the slot', async () => {
    jest.useFakeTimers();
    const window = new RequestWindow<string>(1);
    await window.acquire();
    const request = window.track('k', 500);
    const assertion = expect(request).rejects.toBeInstanceOf(RequestTimeoutError);
    jest.advanceTimersByTime(500);
    await assertion;
    expect(window.inFlight).toBe(0);
    expect(window.settle('k', 'late')).toBe(false);
  });

  it('fails everything on the wire at once and reports drained', async () => {
    const window = new RequestWindow<string>(4);
    await window.acquire();
    await window.acquire();
    const a = window.track('a', 1_000);
    const b = window.track('b', 1_000);
    const drained = window.whenDrained();
    window.failPending(new Error('gone'));
    await expect(a).rejects.toThrow('gone');
    await expect(b).rejects.toThrow('gone');
    await expect(drained).resolves.toBeUndefined();
  });

  it('rejects queued waiters without touching requests on the wire', async () => {
    const window = new RequestWindow<string>(1);
    await window.acquire();
    const onWire = window.track('a', 1_000);
    const waiting = window.acquire();
    window.rejectWaiters(new Error('closing'));
    await expect(waiting).rejects.toThrow('closing');
    expect(window.settle('a', 'A')).toBe(true);
    await expect(onWire).resolves.toBe('A');
  });

  it('hands a freed slot to the most urgent waiter, then in arrival order', async () => {
    const window = new RequestWindow<string>(1);
    await window.acquire();
    const served: string[] = [];
    const wait = (name: string, priority: number) =>
      window.acquire(priority).then(() => {
        served.push(name);
        window.release();
      });
    const all = Promise.all([
      wait('marketing', 2),
      wait('notification', 1),
      wait('otp-1', 0),
      wait('otp-2', 0),
    ]);
    window.release();
    await all;
    expect(served).toEqual(['otp-1', 'otp-2', 'notification', 'marketing']);
  });

  it('lets an aborted waiter leave the queue without taking a slot', async () => {
    const window = new RequestWindow<string>(1, (reason) => new Error(`withdrawn: ${String(reason)}`));
    await window.acquire();
    const controller = new AbortController();
    const withdrawn = window.acquire(2, controller.signal);
    const next = window.acquire(2);
    controller.abort('breaker opened');
    await expect(withdrawn).rejects.toThrow('withdrawn: breaker opened');
    expect(window.queued).toBe(1);
    window.release();
    await expect(next).resolves.toBeUndefined();
    expect(window.inFlight).toBe(1);
    await expect(window.acquire(0, controller.signal)).rejects.toThrow('withdrawn');
  });

  it('tells the age of the oldest request on the wire and when an answer last came', async () => {
    const window = new RequestWindow<string>(2);
    expect(window.oldestPendingMs()).toBe(0);
    await window.acquire();
    const pending = window.track('a', 1_000);
    expect(window.oldestPendingMs(Date.now() + 500)).toBeGreaterThanOrEqual(500);
    expect(window.lastSettledAt).toBe(0);
    window.settle('a', 'A');
    await pending;
    expect(window.lastSettledAt).toBeGreaterThan(0);
  });

  it('refuses a non-positive capacity', () => {
    expect(() => new RequestWindow(0)).toThrow(RangeError);
  });
});
