import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { bearer } from './api-test-helpers';

describe('operations endpoints', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await createApiTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers liveness and readiness with both PostgreSQL and Redis checked', async () => {
    await expect(api.http.get('/healthz').then((r) => r.status)).resolves.toBe(200);
    const ready = await api.http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });

  it('echoes the caller’s X-Request-Id, makes one up otherwise, and puts it in error bodies', async () => {
    const given = await api.http.get('/v1/accounts/me').set('X-Request-Id', 'trace-123');
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.body.error).toMatchObject({ code: 'UNAUTHENTICATED', request_id: 'trace-123' });
    const generated = await api.http.get('/v1/accounts/me');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exports HTTP latency by route template and message counters', async () => {
    await api.http.get('/v1/accounts/me').set(bearer(api.seed.operatorKey));
    const metrics = await api.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /tongdao_http_request_duration_seconds_bucket\{[^}]*method="GET",route="\/v1\/accounts\/me",status="200"/,
    );
    expect(metrics.text).toContain('# TYPE tongdao_messages_accepted_total counter');
    expect(metrics.text).toContain('# TYPE tongdao_messages_rejected_total counter');
  });
});
