import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@tongdao/config';
import { DatabaseModule } from '@tongdao/database';
import { NumberDataModule, NumberDirectory } from '@tongdao/number-data';
import { NumberInfo } from '@tongdao/phone';
import { ConfigModule, createRedisClient, MetricsModule, REDIS, RedisModule } from '@tongdao/platform';
import {
  CHILD_START_TIMEOUT_MS,
  ChildApp,
  childEnv,
  freeAppPorts,
  startChildApp,
  waitFor,
} from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

/**
 * Another process's view of the number data: its own database pool, Redis connections and NumberDirectory,
 * sharing only PostgreSQL and Redis with the API under test, as a dispatcher does.
 */
async function peer(
  databaseUrl: string,
  keyPrefix: string,
  refreshIntervalMs: number,
): Promise<INestApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL,
    DATABASE_POOL_SIZE: '2',
    NUMBERS_REFRESH_INTERVAL_MS: String(refreshIntervalMs),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(config, { appName: 'number-data-peer', runMigrations: false }),
      RedisModule,
      MetricsModule,
      NumberDataModule,
    ],
  })
    .overrideProvider(REDIS)
    .useValue(createRedisClient(config, keyPrefix))
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const NEVER = 600_000;

describe('number data reaches every process without a restart', () => {
  let api: ApiTestApp;
  const peers: INestApplication[] = [];

  beforeAll(async () => {
    api = await createApiTestApp();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(peers.map((app) => app.close()));
    await api?.close();
  }, 240_000);

  const operator = () => bearer(api.seed.operatorKey);
  const importCsv = (csv: string, query = '') =>
    api.http
      .post(`/v1/numbers/prefix-imports${query}`)
      .set(operator())
      .set('Content-Type', 'text/csv')
      .send(csv);
  const seenBy = (app: INestApplication, national: string, done: (info: NumberInfo) => boolean) =>
    waitFor(async () => app.get(NumberDirectory).resolve(national), done);

  it('is told over Redis at once: imports, overrides and their removal (no polling)', async () => {
    const other = await peer(api.database.url, api.redis.keyPrefix, NEVER);
    peers.push(other);
    expect(other.get(NumberDirectory).resolveNumber('+8616611112222').province).toBeNull();

    const imported = await importCsv('1661111,CUCC,江苏,南京\n');
    expect(imported.status).toBe(201);
    const info = await seenBy(other, '16611112222', (found) => found.province === '江苏');
    expect(info).toMatchObject({
      province: '江苏',
      city: '南京',
      source: 'imported',
      importId: imported.body.id,
    });

    await api.http.put('/v1/numbers/overrides/16611112222').set(operator()).send({ carrier: 'CMCC' });
    await expect(seenBy(other, '16611112222', (found) => found.source === 'override')).resolves.toMatchObject(
      {
        carrier: 'CMCC',
        province: '江苏',
      },
    );
    await api.http.delete('/v1/numbers/overrides/16611112222').set(operator());
    await expect(seenBy(other, '16611112222', (found) => found.source !== 'override')).resolves.toMatchObject(
      {
        carrier: 'CUCC',
        source: 'imported',
      },
    );

    const replaced = await importCsv('1380013,CMCC,上海,上海\n', '?mode=replace');
    await expect(seenBy(other, '16611112222', (found) => found.province === null)).resolves.toMatchObject({
      carrier: 'CUCC',
      source: 'builtin',
    });
    await api.http.delete(`/v1/numbers/prefix-imports/${replaced.body.id}`).set(operator());
    await expect(seenBy(other, '16611112222', (found) => found.province === '江苏')).resolves.toBeTruthy();
    const { loadedAt: _peerLoadedAt, ...peerStatus } = other.get(NumberDirectory).status();
    const { loadedAt: _apiLoadedAt, ...apiStatus } = api.app.get(NumberDirectory).status();
    expect(peerStatus).toEqual(apiStatus);
  }, 240_000);

  it('catches up by polling when no notification reaches it', async () => {
    const deaf = await peer(api.database.url, `elsewhere-${randomBytes(4).toString('hex')}:`, 200);
    peers.push(deaf);
    await importCsv('1662222,CTCC,福建,厦门\n');
    await expect(seenBy(deaf, '16622223333', (found) => found.province === '福建')).resolves.toMatchObject({
      carrier: 'CTCC',
      city: '厦门',
    });
    const overrides =
      'phone,carrier\n' +
      Array.from({ length: 300 }, (_, i) => `1662222${String(i).padStart(4, '0')},CBN`).join('\n');
    await api.http
      .post('/v1/numbers/overrides/import')
      .set(operator())
      .set('Content-Type', 'text/csv')
      .send(overrides);
    await expect(seenBy(deaf, '16622220299', (found) => found.carrier === 'CBN')).resolves.toMatchObject({
      source: 'override',
    });
    expect(deaf.get(NumberDirectory).resolver.overrides.size).toBe(
      api.app.get(NumberDirectory).resolver.overrides.size,
    );
  }, 240_000);

  // A separate process needs a real PostgreSQL server (the embedded one serves a single process).
  (process.env.DATABASE_URL ? it : it.skip)(
    'reaches a dispatcher running in its own process',
    async () => {
      const { ports, env: portEnv } = await freeAppPorts();
      const dispatcher: ChildApp = startChildApp(
        'apps/dispatcher/src/main.ts',
        childEnv({
          ...portEnv,
          DATABASE_URL: api.database.url,
          REDIS_URL: process.env.REDIS_URL,
          LOG_LEVEL: 'info',
          NUMBERS_REFRESH_INTERVAL_MS: '300',
        }),
      );
      try {
        await dispatcher.waitForOutput(
          /Nest application successfully started|"msg":"Nest application/,
          CHILD_START_TIMEOUT_MS,
        );
        const imported = await importCsv('1663333,CUCC,云南,昆明\n');
        const revision = `tongdao_number_data_revision{part="prefixes"} ${imported.body.revision}`;
        const metrics = await waitFor(
          () => fetch(`http://127.0.0.1:${ports.DISPATCHER_HEALTH_PORT}/metrics`).then((r) => r.text()),
          (text) => text.includes(revision),
          60_000,
        );
        expect(metrics).toContain(revision);
      } finally {
        await dispatcher.stop('SIGKILL');
      }
    },
    CHILD_START_TIMEOUT_MS + 120_000,
  );
});
