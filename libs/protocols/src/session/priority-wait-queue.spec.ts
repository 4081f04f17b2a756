import { PriorityWaitQueue } from './priority-wait-queue';

describe('PriorityWaitQueue', () => {
  it('serves lower lanes first and keeps arrival order within a lane', async () => {
    const queue = new PriorityWaitQueue<string>();
    queue.push('marketing-1', 2);
    queue.push('notification-1');
    queue.push('marketing-2', 2);
    queue.push('otp-1', 0);
    queue.push('otp-2', 0);
    expect(queue.length).toBe(5);
    const order = [queue.shift(), queue.shift(), queue.shift(), queue.shift(), queue.shift(), queue.shift()];
    await expect(Promise.resolve(order)).resolves.toEqual([
      'otp-1',
      'otp-2',
      'notification-1',
      'marketing-1',
      'marketing-2',
      undefined,
    ]);
    expect(queue.length).toBe(0);
  });

  it('clamps out-of-range priorities and drains everything', () => {
    const queue = new PriorityWaitQueue<number>();
    queue.push(1, 99);
    queue.push(0, -5);
    expect(queue.drain()).toEqual([0, 1]);
    expect(queue.length).toBe(0);
  });
});
