import { ChannelInUseError, RoutingConfigRepository } from '@tongdao/database';
import { ChannelDefinition, parseChannel, RouteRule } from '@tongdao/routing';
import { createTestDatabase, TestDatabase } from '@tongdao/testing';

const sealer = { seal: (plain: string) => `sealed:${plain}` };

function channel(id: string, overrides: Record<string, unknown> = {}): ChannelDefinition {
  return parseChannel(
    {
      id,
      protocol: 'sgip',
      host: 'smg.example',
      port: 8801,
      account: 'tongdao',
      password: 'p',
      sourceNumber: '10655',
      carriers: ['CUCC'],
      provinces: ['广东'],
      tps: 12.5,
      costPerSegment: 30,
      stallTimeoutMs: 2_000,
      flowControlResultCodes: [8, 11],
      sgip: {
        nodeId: 3010012345,
        corpId: '12345',
        receiver: { host: '0.0.0.0', port: 8802, account: 'smg', password: 'r' },
      },
      ...overrides,
    },
    sealer,
  );
}

const rule = (id: string, channelId: string): RouteRule => ({
  id,
  accountId: null,
  kind: 'marketing',
  target: 'CUCC',
  province: '广东',
  channels: [{ channelId, weight: 2 }],
  priority: 10,
  enabled: true,
  description: 'test',
});

describe('RoutingConfigRepository (real PostgreSQL)', () => {
  let db: TestDatabase;
  let repository: RoutingConfigRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    repository = new RoutingConfigRepository(db.dataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('stores the one channel shape and reads it back unchanged, bumping the version with every change', async () => {
    const before = await repository.version();
    const definition = channel('cu-1');
    const version = await repository.insertChannel(definition);
    expect(version).toBe(before + 1);
    expect((await repository.channel('cu-1'))?.definition).toEqual(definition);
    await expect(repository.insertChannel(definition)).resolves.toBeNull();
    await expect(repository.updateChannel({ ...definition, weight: 7 })).resolves.toBe(before + 2);
    expect((await repository.channel('cu-1'))?.definition.weight).toBe(7);
    await expect(repository.updateChannel(channel('missing'))).resolves.toBeNull();
    expect(await repository.version()).toBe(before + 2);
  });

  it('refuses to delete a channel a route uses', async () => {
    await repository.insertRoute(rule('r-1', 'cu-1'));
    expect((await repository.route('r-1'))?.rule).toEqual(rule('r-1', 'cu-1'));
    await expect(repository.deleteChannel('cu-1')).rejects.toEqual(new ChannelInUseError('cu-1', ['r-1']));
    await repository.deleteRoute('r-1');
    await expect(repository.deleteChannel('cu-1')).resolves.toEqual(expect.any(Number));
    await expect(repository.deleteChannel('cu-1')).resolves.toBeNull();
  });

  it('seeds from files: inserts what is new, overwrites what the file changed, keeps operators’ later edits', async () => {
    const first = await repository.seed(
      [{ value: channel('seed-a'), hash: 'h1' }],
      [{ value: rule('seed-r', 'seed-a'), hash: 'r1' }],
    );
    expect(first.inserted).toEqual(['channel:seed-a', 'route:seed-r']);
    expect((await repository.channel('seed-a'))?.managedBy).toBe('file');

    await repository.updateChannel({ ...channel('seed-a'), weight: 9 });
    const unchangedFile = await repository.seed(
      [{ value: channel('seed-a'), hash: 'h1' }],
      [{ value: rule('seed-r', 'seed-a'), hash: 'r1' }],
    );
    expect(unchangedFile).toMatchObject({ inserted: [], updated: [] });
    expect((await repository.channel('seed-a'))?.definition.weight).toBe(9);

    const version = await repository.version();
    const changedFile = await repository.seed(
      [{ value: channel('seed-a', { weight: 3 }), hash: 'h2' }],
      [{ value: { ...rule('seed-r', 'seed-a'), priority: 1 }, hash: 'r2' }],
    );
    expect(changedFile).toMatchObject({
      inserted: [],
      updated: ['channel:seed-a', 'route:seed-r'],
      version: version + 1,
    });
    expect((await repository.channel('seed-a'))?.definition.weight).toBe(3);
    expect((await repository.route('seed-r'))?.rule.priority).toBe(1);
  });
});
