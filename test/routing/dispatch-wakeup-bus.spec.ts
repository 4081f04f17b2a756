import { MessageKind } from '@tongdao/lifecycle';
import { DispatchWakeupBus } from '@tongdao/routing';
import { createTestRedis, TestRedis, waitFor } from '@tongdao/testing';

describe('DispatchWakeupBus (real Redis)', () => {
  let redis: TestRedis;
  let listener: DispatchWakeupBus;
  let heard: MessageKind[];

  beforeEach(async () => {
    redis = await createTestRedis();
    heard = [];
    listener = new DispatchWakeupBus(redis.redis, redis.keyPrefix);
    await listener.listen((kind) => heard.push(kind));
  });

  afterEach(async () => {
    await listener.close();
    await redis.close();
  });

  it('sends the first announce at once and folds later ones into one notice at the end of the interval', async () => {
    const sender = new DispatchWakeupBus(redis.redis, redis.keyPrefix, undefined, 200);
    const published: Array<{ message: string; at: number }> = [];
    const publish = redis.redis.publish.bind(redis.redis);
    jest.spyOn(redis.redis, 'publish').mockImplementation(((channel: string, message: string) => {
      // The monotonic clock timers run on: the wall clock of a virtual machine can be stepped by up to tens of ms.
      published.push({ message, at: performance.now() });
      return publish(channel, message);
    }) as typeof redis.redis.publish);
    sender.announce('verification');
    sender.announce('marketing');
    sender.announce('verification');
    await expect(
      waitFor(
        async () => [...heard],
        (kinds) => kinds.length >= 2,
      ),
    ).resolves.toEqual(['verification', 'marketing']);
    sender.announce('notification');
    await new Promise((resolve) => setImmediate(resolve));
    sender.announce('marketing');
    await expect(
      waitFor(
        async () => [...heard],
        (kinds) => kinds.length >= 4,
      ),
    ).resolves.toEqual(['verification', 'marketing', 'notification', 'marketing']);
    expect(published.map((notice) => notice.message)).toEqual([
      'verification,marketing',
      'notification,marketing',
    ]);
    expect(published[1]!.at - published[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('ignores what is not a message kind, and notices on other installations’ channels', async () => {
    await redis.redis.publish(listener.channel, 'bulk,,verification,DROP TABLE');
    await redis.redis.publish(`other:${listener.channel}`, 'marketing');
    await redis.redis.publish(listener.channel, 'notification');
    await expect(
      waitFor(
        async () => [...heard],
        (kinds) => kinds.length >= 2,
      ),
    ).resolves.toEqual(['verification', 'notification']);
  });
});
