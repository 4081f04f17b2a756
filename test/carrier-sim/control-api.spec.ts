import { CarrierSimulator } from '@tongdao/carrier-sim';
import { controlRequest, startTestSimulator } from './support/test-simulator';

describe('simulator control API', () => {
  let simulator: CarrierSimulator;

  beforeAll(async () => {
    simulator = await startTestSimulator();
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('reports health and lists gateways with live stats but no secrets', async () => {
    await expect(controlRequest(simulator, 'GET', '/healthz')).resolves.toEqual({
      status: 200,
      body: { status: 'ok', gateways: 7 },
    });
    const { status, body } = await controlRequest(simulator, 'GET', '/gateways');
    expect(status).toBe(200);
    expect(body.gateways.map((gateway: { name: string }) => gateway.name)).toEqual([
      'cmpp3',
      'cmpp2',
      'sgip',
      'smgp',
      'smpp',
      'sgip2',
      'smgp2',
    ]);
    expect(body.gateways[0]).toMatchObject({
      protocol: 'cmpp3',
      accounts: ['900001'],
      stats: { connections: 0, submits: 0 },
    });
    expect(JSON.stringify(body)).not.toContain('simpass1');
  });

  it('changes behaviour at run time', async () => {
    const response = await controlRequest(simulator, 'PATCH', '/gateways/cmpp3', {
      tpsCap: 500,
      outcomes: { DELIVRD: 90, 'MK:0001': 10 },
      reportDelay: {
        buckets: [
          { minMs: 100, maxMs: 200, weight: 9 },
          { minMs: 5000, maxMs: 6000, weight: 1 },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.behaviour).toMatchObject({ tpsCap: 500, outcomes: { DELIVRD: 90, 'MK:0001': 10 } });
    expect(simulator.gateway('cmpp3').engine.behaviour.tpsCap).toBe(500);
  });

  it.each([
    [{ tpsCap: -1 }, 'tpsCap'],
    [{ outcomes: { DELIVERED_TOO_LONG: 1 } }, 'outcomes.DELIVERED_TOO_LONG'],
    [{ submitLatency: { minMs: 50, maxMs: 10 } }, 'submitLatency.maxMs'],
    [{ forcedResults: [{ code: 8, fraction: 1.5 }] }, 'forcedResults[0].fraction'],
    [{ bogus: true }, 'bogus'],
  ])('rejects %j naming the field', async (patch, field) => {
    const response = await controlRequest(simulator, 'PATCH', '/gateways/cmpp3', patch);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  it('rejects malformed JSON and bad inbound requests with 400', async () => {
    await expect(controlRequest(simulator, 'PATCH', '/gateways/cmpp3', '{nope')).resolves.toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_json', field: 'body' } },
    });
    const inbound = await controlRequest(simulator, 'POST', '/gateways/cmpp3/inbound', {
      from: 'abc',
      to: '1069',
      text: 'TD',
    });
    expect(inbound).toMatchObject({ status: 400, body: { error: { field: 'from' } } });
    const noText = await controlRequest(simulator, 'POST', '/gateways/cmpp3/inbound', {
      from: '13800138000',
      to: '1069',
    });
    expect(noText).toMatchObject({ status: 400, body: { error: { field: 'text' } } });
    const limit = await controlRequest(simulator, 'GET', '/gateways/cmpp3/received?limit=0');
    expect(limit).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
  });

  it('answers 404 for unknown gateways and routes', async () => {
    await expect(controlRequest(simulator, 'GET', '/gateways/nope/summary')).resolves.toMatchObject({
      status: 404,
    });
    await expect(controlRequest(simulator, 'GET', '/elsewhere')).resolves.toMatchObject({ status: 404 });
  });

  it('serves received messages, the summary with duplicates, and clears them', async () => {
    const recorder = simulator.gateway('smgp').recorder;
    const base = {
      account: '12345678',
      source: '1069',
      segmentIndex: 1,
      segmentTotal: 1,
      concatReference: null,
      receivedAt: 1,
    };
    recorder.record({ ...base, destination: '18900000001', text: 'hello', messageId: 'a' });
    recorder.record({ ...base, destination: '18900000001', text: 'hello', messageId: 'b' });
    recorder.record({ ...base, destination: '18900000002', text: 'hello', messageId: 'c' });
    await expect(controlRequest(simulator, 'GET', '/gateways/smgp/summary')).resolves.toMatchObject({
      status: 200,
      body: { messages: 3, segments: 3, duplicates: 1 },
    });
    const received = await controlRequest(
      simulator,
      'GET',
      '/gateways/smgp/received?destination=18900000001&limit=1',
    );
    expect(received.body.messages).toHaveLength(1);
    expect(received.body.messages[0].messageIds).toEqual(['b']);
    await expect(controlRequest(simulator, 'DELETE', '/gateways/smgp/received')).resolves.toMatchObject({
      status: 204,
    });
    await expect(controlRequest(simulator, 'GET', '/gateways/smgp/summary')).resolves.toMatchObject({
      body: { messages: 0 },
    });
  });
});
