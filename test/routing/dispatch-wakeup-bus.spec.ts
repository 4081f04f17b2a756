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

  it('folds the announces of one turn into one notice per kind, and a later turn sends its own', async () => {
    const sender = new DispatchWakeupBus(redis.redis, redis.keyPrefix);
    const published: string[] = [];
    const publish = redis.redis.publish.bind(redis.redis);
    jest.spyOn(redis.redis, 'publish').mockImplementation(((channel: string, message: string) => {
      published.push(message);
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
    await expect(
      waitFor(
        async () => [...heard],
        (kinds) => kinds.length >= 3,
      ),
    ).resolves.toEqual(['verification', 'marketing', 'notification']);
    expect(published).toEqual(['verification,marketing', 'notification']);
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
