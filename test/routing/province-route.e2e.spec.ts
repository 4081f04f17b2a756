import { INestApplication } from '@nestjs/common';
import { CarrierSimulator } from '@tongdao/carrier-sim';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { startTestSimulator, waitFor } from '@tongdao/testing';
import { bearer } from '../api/api-test-helpers';
import { startDispatcher } from '../dispatcher/dispatcher-test-kit';
import { simChannel } from './pool-test-kit';

/**
 * The whole path with a province rule: the API resolves the number's province at acceptance, the claim loop hands
 * the message to the pool, the rule sends it over its channel; the API shows the dispatcher's live channel state.
 */
describe('province routing end to end (API, dispatcher, simulator)', () => {
  let api: ApiTestApp;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication;

  beforeAll(async () => {
    api = await createApiTestApp();
    simulator = await startTestSimulator(['cmpp3', 'cmpp2']);
    dispatcher = await startDispatcher(
      api.database.url,
      {
        channels: [
          simChannel(simulator, 'cmpp3', { id: 'cm-a' }),
          simChannel(simulator, 'cmpp2', { id: 'cm-b' }),
        ],
        routes: [{ id: 'gd-mobile', target: 'CMCC', province: '广东', channels: [{ channelId: 'cm-b' }] }],
      },
      {
        ...(api.redis.url ? { REDIS_URL: api.redis.url } : {}),
        REDIS_KEY_PREFIX: api.redis.keyPrefix,
        SECRETS_KEY: api.config.security.secretsKey.toString('hex'),
        ROUTING_STATE_PUBLISH_MS: '200',
      },
    );
  });

  afterAll(async () => {
    await dispatcher?.close();
    await simulator?.stop();
    await api?.close();
  });

  async function send(phone: string, template: string, key: string): Promise<string> {
    const response = await api.http
      .post('/v1/messages')
      .set(bearer(key))
      .send({ phone, signature: 'Tongdao', template_id: template, template_params: { code: '123456' } });
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  async function settled(
    key: string,
    id: string,
  ): Promise<{ status: string; channel_id: string; province: string }> {
    return waitFor(
      async () => (await api.http.get(`/v1/messages/${id}`).set(bearer(key))).body,
      (body) => body.status === 'DELIVERED',
    );
  }

  it('sends a Guangdong number over the province rule’s channel and a Beijing one over the default group', async () => {
    const account = api.seed.operator;
    await api.seed.approvedSignature(account, 'Tongdao');
    const template = await api.seed.approvedTemplate(account, '您的验证码是${code}', 'verification');
    const key = api.seed.operatorKey;

    const guangdong = await settled(key, await send('13600000000', template, key));
    expect(guangdong).toMatchObject({ province: '广东', channel_id: 'cm-b' });
    const beijing = await settled(key, await send('13800138000', template, key));
    expect(beijing).toMatchObject({ province: '北京', channel_id: 'cm-a' });

    const channels = await waitFor(
      async () => (await api.http.get('/v1/channels').set(bearer(key))).body.data,
      (data: Array<{ id: string; live: { dispatchers: number } }>) =>
        data.length === 2 && data.every((channel) => channel.live.dispatchers === 1),
    );
    expect(channels.find((channel: { id: string }) => channel.id === 'cm-b')).toMatchObject({
      managed_by: 'file',
      live: { breaker: { state: 'closed' }, connections: { limit: 1, leased: 1, ready: 1 } },
    });
  });
});
