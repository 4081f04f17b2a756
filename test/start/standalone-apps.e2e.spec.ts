import {
  CHILD_START_TIMEOUT_MS,
  ChildApp,
  childEnv,
  createTestDatabase,
  freeAppPorts,
  startChildApp,
  TestDatabase,
} from '@tongdao/testing';

/** Production shape: each app alone in its own process against the shared PostgreSQL and Redis. */
describe('each app runs alone', () => {
  let db: TestDatabase;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
    await db.drop();
  });

  async function expectHealthy(port: number): Promise<void> {
    await expect(fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status)).resolves.toBe(200);
    await expect(fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.json())).resolves.toMatchObject({
      status: 'ready',
    });
  }

  it(
    'starts the API, the dispatcher, the redirector, the worker and the simulator as separate processes',
    async () => {
      const { ports, env: portEnv } = await freeAppPorts();
      const env = childEnv({
        ...portEnv,
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL,
        LOG_LEVEL: 'warn',
      });
      const entries: Array<[string, RegExp]> = [
        ['apps/carrier-sim/src/main.ts', /control API listening/],
        ['apps/api/src/main.ts', /Nest application successfully started|"msg":"Nest application/],
        ['apps/dispatcher/src/main.ts', /Nest application successfully started|"msg":"Nest application/],
        ['apps/redirector/src/main.ts', /Nest application successfully started|"msg":"Nest application/],
        ['apps/worker/src/main.ts', /Nest application successfully started|"msg":"Nest application/],
      ];
      for (const [entry, ready] of entries) {
        const app = startChildApp(entry, { ...env, LOG_LEVEL: 'info' });
        apps.push(app);
        await app.waitForOutput(ready, CHILD_START_TIMEOUT_MS);
      }
      await expectHealthy(ports.API_PORT);
      await expectHealthy(ports.DISPATCHER_HEALTH_PORT);
      await expectHealthy(ports.REDIRECTOR_PORT);
      await expectHealthy(ports.WORKER_HEALTH_PORT);
      await expect(
        fetch(`http://127.0.0.1:${ports.SIM_CONTROL_PORT}/healthz`).then((r) => r.status),
      ).resolves.toBe(200);
      // Nest re-raises SIGTERM once its shutdown hooks ran (exit by signal); the simulator exits 0.
      for (const app of apps.reverse()) expect([0, null]).toContain(await app.stop('SIGTERM'));
    },
    5 * CHILD_START_TIMEOUT_MS,
  );

  it('refuses to start with a bad configuration and names every bad variable', async () => {
    const app = startChildApp(
      'apps/api/src/main.ts',
      childEnv({ API_PORT: 'eighty', DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'loud' }),
    );
    apps.push(app);
    await expect(app.exited()).resolves.toBe(1);
    expect(app.output()).toMatch(/API_PORT/);
    expect(app.output()).toMatch(/DATABASE_URL/);
    expect(app.output()).toMatch(/LOG_LEVEL/);
  }, 240_000);
});
