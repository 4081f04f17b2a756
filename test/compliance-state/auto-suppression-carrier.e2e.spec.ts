import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CarrierSimulator, defaultSimulatorConfig } from '@tongdao/carrier-sim';
import { waitFor } from '@tongdao/testing';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { channelsFor, startDispatcher } from '../dispatcher/dispatcher-test-kit';
import { createSender, phones, startTestWorker, TestSender, TestWorker } from '../webhooks/webhook-test-kit';

jest.setTimeout(180_000);

/**
 * The whole loop with a real carrier protocol: the simulator's China Mobile gateway reports every message
 * `MK:0001` (empty number); after three such reports the worker suppresses the number and the API refuses the
 * next message to it, for this account and any other.
 */
describe('automatic suppression from real carrier reports (API → dispatcher → simulator → worker → API)', () => {
  let api: ApiTestApp;
  let simulator: CarrierSimulator;
  let dispatcher: INestApplication;
  let worker: TestWorker;
  let sender: TestSender;
  const [phone] = phones(1, '139');

  beforeAll(async () => {
    api = await createApiTestApp();
    const defaults = defaultSimulatorConfig();
    simulator = new CarrierSimulator({
      ...defaults,
      controlApi: { ...defaults.controlApi, port: 0, enabled: false },
      gateways: defaults.gateways
        .filter((gateway) => gateway.name === 'cmpp3')
        .map((gateway) => ({
          ...gateway,
          port: 0,
          behaviour: {
            ...gateway.behaviour,
            reportDelay: { minMs: 5, maxMs: 30 },
            outcomes: { 'MK:0001': 1 },
          },
        })),
    });
    await simulator.start();
    worker = await startTestWorker(api.database.url, randomBytes(32).toString('hex'), {
      COMPLIANCE_RELEASE_INTERVAL_MS: '60000',
    });
    dispatcher = await startDispatcher(api.database.url, channelsFor(simulator));
    sender = await createSender(api);
  });

  afterAll(async () => {
    await dispatcher?.close();
    await worker?.close();
    await simulator?.stop();
    await api?.close();
  });

  const send = (key: string, templateId: string) =>
    api.http
      .post('/v1/messages')
      .set('Authorization', `Bearer ${key}`)
      .send({ phone, signature: 'Tongdao', template_id: templateId, template_params: { order: 'A1' } });

  it('suppresses the number after three empty-number reports and refuses the next message', async () => {
    const ids: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const sent = await send(sender.key, sender.templateId);
      expect(sent.status).toBe(202);
      ids.push(sent.body.id as string);
    }
    const finals = await waitFor(
      async () =>
        (await api.database.dataSource.query(
          `SELECT status, error_code FROM messages WHERE id = ANY($1::uuid[]) AND status = 'UNDELIVERED'`,
          [ids],
        )) as Array<{ status: string; error_code: string }>,
      (rows) => rows.length === 3,
      90_000,
    );
    expect(finals.map((row) => row.error_code)).toEqual(['MK:0001', 'MK:0001', 'MK:0001']);
    await waitFor(
      async () =>
        (await api.database.dataSource.query(`SELECT 1 FROM auto_suppressions WHERE phone = $1`, [phone]))
          .length,
      (found) => found === 1,
      60_000,
    );
    const refused = await send(sender.key, sender.templateId);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'RECIPIENT_SUPPRESSED', field: 'phone' });
    expect(refused.body.error.message).toContain('permanent failures: 3 × MK:0001');
    const other = await createSender(api);
    expect((await send(other.key, other.templateId)).status).toBe(422);
  });
});
