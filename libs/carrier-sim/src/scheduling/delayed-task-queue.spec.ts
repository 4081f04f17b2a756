import { DelayedTaskQueue } from './delayed-task-queue';

describe('DelayedTaskQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs tasks in due order, ties in scheduling order, with one timer', () => {
    const queue = new DelayedTaskQueue();
    const ran: string[] = [];
    queue.schedule(30, () => ran.push('c'));
    queue.schedule(10, () => ran.push('a'));
    queue.schedule(10, () => ran.push('b'));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(10);
    expect(ran).toEqual(['a', 'b']);
    jest.advanceTimersByTime(20);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('keeps running after a task throws and reports the error', () => {
    const errors: unknown[] = [];
    const queue = new DelayedTaskQueue((err) => errors.push(err));
    const ran: number[] = [];
    queue.schedule(1, () => {
      throw new Error('boom');
    });
    queue.schedule(1, () => ran.push(1));
    jest.advanceTimersByTime(1);
    expect(errors).toHaveLength(1);
    expect(ran).toEqual([1]);
  });

  it('drops pending tasks when stopped', () => {
    const queue = new DelayedTaskQueue();
    const ran: number[] = [];
    queue.schedule(5, () => ran.push(1));
    queue.stop();
    jest.advanceTimersByTime(10);
    expect(ran).toEqual([]);
  });
});
