import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import {
  ConfigChangeBus,
  DeliveryStatsStore,
  DemotionStore,
  DispatcherLiveState,
  LiveStateStore,
} from '@tongdao/routing';
import { waitFor } from '@tongdao/testing';
import { bearer } from '../api/api-test-helpers';

const channelBody = {
  id: 'cm-api',
  protocol: 'cmpp3',
  host: 'ismg.example',
  port: 7890,
  account: '901234',
  password: 'plain-secret-1',
  sp_id: '901234',
  service_id: 'MTX0010001',
  source_number: '106900001234',
  extension_code: '01',
  carriers: ['CMCC'],
  provinces: ['广东省', 'Zhejiang'],
  kinds: ['verification', 'notification'],
  priority: 1,
  weight: 3,
  cost_per_segment: 32,
  connections: 4,
  window: 16,
  tps: 200,
};

/** The operator API for channels and routes, and the live view it builds from what dispatchers publish. */
describe('channels and routes API', () => {
  let api: ApiTestApp;
  let operator: Record<string, string>;

  beforeAll(async () => {
    api = await createApiTestApp();
    operator = bearer(api.seed.operatorKey);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('is for the operator only', async () => {
    const customer = await api.seed.createAccount(api.seed.operator);
    const key = await api.seed.issueKey(customer);
    for (const request of [api.http.get('/v1/channels'), api.http.post('/v1/routes').send({})]) {
      const response = await request.set(bearer(key.fullKey));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await api.http.get('/v1/channels')).status).toBe(401);
    const readOnly = await api.seed.issueKey(api.seed.operator, { scopes: ['channels:read'] });
    expect((await api.http.get('/v1/channels').set(bearer(readOnly.fullKey))).status).toBe(200);
    const write = await api.http.post('/v1/channels').set(bearer(readOnly.fullKey)).send(channelBody);
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('adds a channel, seals its password, never returns it, and tells the dispatchers', async () => {
    const changes = new ConfigChangeBus(api.redis.redis, api.config.redis.keyPrefix);
    const versions: number[] = [];
    await changes.listen((version) => versions.push(version));
    try {
      const created = await api.http.post('/v1/channels').set(operator).send(channelBody);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'cm-api',
        source_number: '106900001234',
        extension_code: '01',
        provinces: ['广东', '浙江'],
        cost_per_segment: 32,
        password_set: true,
        managed_by: 'api',
        enabled: true,
        live: { dispatchers: 0, breaker: null },
        delivery: { last_5m: { total: 0, delivery_rate: null }, last_1h: { total: 0 } },
        demotion: [],
      });
      expect(JSON.stringify(created.body)).not.toContain('plain-secret-1');
      const [row] = await api.database.dataSource.query(
        `SELECT password_sealed FROM channels WHERE id = 'cm-api'`,
      );
      expect(row.password_sealed).toMatch(/^v1\./);
      expect(row.password_sealed).not.toContain('plain-secret-1');
      await waitFor(
        async () => versions.length,
        (count) => count > 0,
      );
      const [{ version }] = await api.database.dataSource.query('SELECT version FROM routing_config');
      expect(versions.at(-1)).toBe(Number(version));
    } finally {
      await changes.close();
    }
    const again = await api.http.post('/v1/channels').set(operator).send(channelBody);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'id' });
  });

  it('names each bad field in snake_case', async () => {
    const bad = await api.http
      .post('/v1/channels')
      .set(operator)
      .send({ ...channelBody, id: 'cm-bad', port: 70000, source_number: 'abc', provinces: ['Atlantis'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.problems.map((problem: { field: string }) => problem.field).sort()).toEqual(
      ['port', 'provinces[0]', 'source_number'],
    );
    const unknown = await api.http
      .post('/v1/channels')
      .set(operator)
      .send({ ...channelBody, id: 'cm-x', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('colour');
  });

  it('refuses credentials the protocol cannot carry with a 400 naming the field', async () => {
    const smpp = await api.http
      .post('/v1/channels')
      .set(operator)
      .send({
        ...channelBody,
        id: 'intl-smpp',
        protocol: 'smpp',
        account: 'tongdao',
        password: 'sim-secret',
        sp_id: undefined,
        service_id: undefined,
        extension_code: undefined,
        source_number: '10690000',
      });
    expect(smpp.status).toBe(400);
    expect(smpp.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'password',
      message: 'password: SMPP 3.4 password holds at most 8 octets; this one has 10',
    });
    const cmpp = await api.http
      .post('/v1/channels')
      .set(operator)
      .send({ ...channelBody, id: 'cm-long', account: '9012345', service_id: 'MTX00100011' });
    expect(cmpp.status).toBe(400);
    expect(
      cmpp.body.error.details.problems.map((problem: { field: string }) => problem.field).sort(),
    ).toEqual(['account', 'service_id']);
    const patched = await api.http.patch('/v1/channels/cm-api').set(operator).send({ account: '9012345' });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'account' });
  });

  it('changes a channel: fields merge over the stored ones, a new password is sealed anew', async () => {
    const [before] = await api.database.dataSource.query(
      `SELECT password_sealed FROM channels WHERE id = 'cm-api'`,
    );
    const changed = await api.http
      .patch('/v1/channels/cm-api')
      .set(operator)
      .send({ weight: 5, enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ weight: 5, enabled: false, tps: 200, provinces: ['广东', '浙江'] });
    const uncapped = await api.http
      .patch('/v1/channels/cm-api')
      .set(operator)
      .send({ tps: null, provinces: null });
    expect(uncapped.status).toBe(200);
    expect(uncapped.body).not.toHaveProperty('tps');
    expect(uncapped.body.provinces).toBeNull();
    await api.http
      .patch('/v1/channels/cm-api')
      .set(operator)
      .send({ tps: 200, provinces: ['广东', '浙江'] })
      .expect(200);
    const required = await api.http.patch('/v1/channels/cm-api').set(operator).send({ host: null });
    expect(required.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'host' });
    const [unchanged] = await api.database.dataSource.query(
      `SELECT password_sealed FROM channels WHERE id = 'cm-api'`,
    );
    expect(unchanged.password_sealed).toBe(before.password_sealed);
    await api.http
      .patch('/v1/channels/cm-api')
      .set(operator)
      .send({ password: 'new-secret', enabled: true })
      .expect(200);
    const [after] = await api.database.dataSource.query(
      `SELECT password_sealed FROM channels WHERE id = 'cm-api'`,
    );
    expect(after.password_sealed).not.toBe(before.password_sealed);
    expect((await api.http.patch('/v1/channels/cm-api').set(operator).send({ id: 'other' })).status).toBe(
      400,
    );
    expect((await api.http.patch('/v1/channels/nope').set(operator).send({ weight: 1 })).status).toBe(404);
  });

  it('manages routes, checking the channels and account they name', async () => {
    const unknown = await api.http
      .post('/v1/routes')
      .set(operator)
      .send({ target: 'CMCC', channels: [{ channel_id: 'ghost' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_CHANNEL', field: 'channels[0].channel_id' });
    const wrongCarrier = await api.http
      .post('/v1/routes')
      .set(operator)
      .send({ target: 'CUCC', channels: [{ channel_id: 'cm-api' }] });
    expect(wrongCarrier.status).toBe(400);
    const noAccount = await api.http
      .post('/v1/routes')
      .set(operator)
      .send({
        target: 'CMCC',
        account_id: '00000000-0000-4000-8000-00000000dead',
        channels: [{ channel_id: 'cm-api' }],
      });
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.error.code).toBe('UNKNOWN_ACCOUNT');

    const created = await api.http
      .post('/v1/routes')
      .set(operator)
      .send({
        target: 'CMCC',
        kind: 'verification',
        province: 'Guangdong',
        channels: [{ channel_id: 'cm-api', weight: 2 }],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      target: 'CMCC',
      kind: 'verification',
      province: '广东',
      channels: [{ channel_id: 'cm-api', weight: 2 }],
      priority: 100,
      enabled: true,
      managed_by: 'api',
    });
    const id = created.body.id as string;
    const patched = await api.http.patch(`/v1/routes/${id}`).set(operator).send({ priority: 5 });
    expect(patched.body).toMatchObject({ priority: 5, province: '广东' });
    expect(
      (await api.http.get('/v1/routes').set(operator)).body.data.map((route: { id: string }) => route.id),
    ).toContain(id);

    const inUse = await api.http.delete('/v1/channels/cm-api').set(operator);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'CHANNEL_IN_USE', details: { routes: [id] } });
    await api.http.delete(`/v1/routes/${id}`).set(operator).expect(204);
    expect((await api.http.get(`/v1/routes/${id}`).set(operator)).status).toBe(404);
  });

  it('shows what the dispatchers publish: live state, delivery by carrier and province, demotions', async () => {
    const now = Date.now();
    const live: DispatcherLiveState = {
      dispatcherId: 'd1',
      at: new Date().toISOString(),
      queues: [{ kind: 'verification', route: 'CMCC', depth: 3, oldestAgeMs: 250 }],
      channels: [
        {
          channelId: 'cm-api',
          breaker: {
            state: 'open',
            reason: 'stalled: 16 submits unanswered for 1200 ms',
            since: new Date().toISOString(),
            transitions: [],
          },
          connections: { leased: 2, ready: 0 },
          window: { inFlight: 8, capacity: 32 },
          queued: 5,
          tpsUsed: 120,
          rate: { limit: 100, throttled: true },
          draining: 0,
        },
      ],
    };
    await new LiveStateStore(api.redis.redis).publish(live, 60_000);
    await new LiveStateStore(api.redis.redis).publish(
      {
        ...live,
        dispatcherId: 'd2',
        channels: [
          { ...live.channels[0]!, breaker: { ...live.channels[0]!.breaker, state: 'closed' }, tpsUsed: 30 },
        ],
      },
      60_000,
    );
    const stats = new DeliveryStatsStore(api.redis.redis, {
      fineBucketMs: api.config.routing.learning.bucketMs,
      fineRetentionMs: 600_000,
    });
    for (let index = 0; index < 10; index += 1)
      stats.record(
        { channelId: 'cm-api', carrier: 'CMCC', province: '广东', delivered: index < 8, latencyMs: 1_500 },
        now,
      );
    await stats.flush();
    await new DemotionStore(api.redis.redis).apply([
      {
        channelId: 'cm-api',
        carrier: 'CMCC',
        province: '*',
        from: 'normal',
        level: 'demoted',
        since: now,
        reason: "delivery rate 80.0% against its peers' 99.0%",
        figures: {
          samples: 10,
          deliveryRate: 0.8,
          meanLatencyMs: 1500,
          peerSamples: 100,
          peerDeliveryRate: 0.99,
          peerMeanLatencyMs: 900,
        },
      },
    ]);

    const list = await api.http.get('/v1/channels').set(operator);
    expect(list.status).toBe(200);
    const channel = list.body.data.find((entry: { id: string }) => entry.id === 'cm-api');
    expect(list.body.queues).toEqual([{ kind: 'verification', route: 'CMCC', depth: 3, oldest_age_ms: 250 }]);
    expect(channel.live).toMatchObject({
      dispatchers: 2,
      breaker: { state: 'open', reason: 'stalled: 16 submits unanswered for 1200 ms' },
      connections: { limit: 4, leased: 4, ready: 0 },
      window: { in_flight: 16, capacity: 64, occupancy: 0.25 },
      queue_depth: 10,
      tps: { used: 150, cap: 200, limit: 100, throttled: true },
    });
    expect(channel.live.breaker.by_dispatcher.map((entry: { state: string }) => entry.state).sort()).toEqual([
      'closed',
      'open',
    ]);
    expect(channel.delivery.last_5m).toMatchObject({
      total: 10,
      delivered: 8,
      delivery_rate: 0.8,
      mean_latency_ms: 1500,
      p90_latency_ms: 2000,
      by_carrier_province: [{ carrier: 'CMCC', province: '广东', total: 10, delivery_rate: 0.8 }],
    });
    expect(channel.delivery.last_1h).toMatchObject({ total: 10, delivered: 8 });
    expect(channel.demotion).toEqual([
      expect.objectContaining({
        level: 'demoted',
        carrier: 'CMCC',
        province: '*',
        figures: expect.objectContaining({ peer_delivery_rate: 0.99 }),
      }),
    ]);
    const one = await api.http.get('/v1/channels/cm-api').set(operator);
    expect(one.body.learning_decisions).toEqual([
      expect.objectContaining({ from: 'normal', level: 'demoted' }),
    ]);
  });

  it('documents the routes in OpenAPI with snake_case bodies', async () => {
    const document = (await api.http.get('/docs-json')).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/channels', '/v1/channels/{id}', '/v1/routes', '/v1/routes/{id}']),
    );
    const body = document.paths['/v1/channels'].post.requestBody.content['application/json'].schema;
    expect(body.properties).toHaveProperty('source_number');
    expect(body.required).toEqual(expect.arrayContaining(['id', 'protocol', 'source_number']));
  });

  it('removes a channel', async () => {
    await api.http.delete('/v1/channels/cm-api').set(operator).expect(204);
    expect((await api.http.get('/v1/channels/cm-api').set(operator)).status).toBe(404);
  });
});
