import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { storage } from 'nestjs-pino/storage';
import supertest from 'supertest';
import { loadConfig } from '@tongdao/config';
import { PROBE_PATHS } from '../health/probe-paths';
import { LoggingModule } from './logging.module';

@Controller()
class ProbeController {
  @Get(['healthz', 'readyz', 'metrics', 'v1/things'])
  answer(): { ok: true } {
    return { ok: true };
  }
}

@Module({
  imports: [LoggingModule.forRoot(loadConfig({ LOG_LEVEL: 'silent' }), 'test')],
  controllers: [ProbeController],
})
class ProbeAppModule {}

describe('LoggingModule', () => {
  let app: INestApplication;
  let run: jest.SpyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  beforeEach(() => {
    run = jest.spyOn(storage, 'run');
  });

  afterEach(() => run.mockRestore());

  afterAll(async () => {
    await app?.close();
  });

  it.each(PROBE_PATHS)(
    'keeps %s out of the request-scoped logger (no AsyncLocalStorage, no promise hooks)',
    async (path) => {
      await expect(
        supertest(app.getHttpServer())
          .get(path)
          .then((r) => r.status),
      ).resolves.toBe(200);
      expect(run).not.toHaveBeenCalled();
    },
  );

  it('gives every other route its request-scoped logger and request id', async () => {
    const response = await supertest(app.getHttpServer()).get('/v1/things');
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
