import { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CarrierSimulator, defaultSimulatorConfig } from '@tongdao/carrier-sim';
import { waitFor } from '@tongdao/testing';
import { channelsFor, startDispatcher } from '../dispatcher/dispatcher-test-kit';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { createSender, phones, TestSender } from '../webhooks/webhook-test-kit';

jest.setTimeout(180_000);

/**
 * Issue 7 point 7 end to end: the opt-out list and its acceptance check belong to the compliance module (issue 9).
 * This suite runs once that module is merged (it is skipped while apps/api/src/compliance does not exist).
 */
const complianceMerged = existsSync(join(__dirname, '../../apps/api/src/compliance/compliance.module.ts'));

(complianceMerged ? describe : describe.skip)(
  'unsubscribe by replying TD (simulator control API → opt-out list → acceptance)',
  () => {
    let api: ApiTestApp;
    let simulator: CarrierSimulator;
    let dispatcher: INestApplication;
    let marketing: TestSender;
    let verificationTemplate: string;
    let notificationTemplate: string;
    const [phone] = phones(1, '139');

    beforeAll(async () => {
      api = await createApiTestApp();
      const defaults = defaultSimulatorConfig();
      simulator = new CarrierSimulator({
        ...defaults,
        controlApi: { ...defaults.controlApi, port: 0, enabled: true },
        gateways: defaults.gateways
          .filter((gateway) => gateway.name === 'cmpp3')
          .map((gateway) => ({
            ...gateway,
            port: 0,
            behaviour: {
              ...gateway.behaviour,
              reportDelay: { minMs: 5, maxMs: 30 },
              outcomes: { DELIVRD: 1 },
            },
          })),
      });
      await simulator.start();
      dispatcher = await startDispatcher(api.database.url, channelsFor(simulator));
      marketing = await createSender(api, api.seed.operator, 'marketing');
      verificationTemplate = await api.seed.approvedTemplate(
        marketing.account,
        '您的验证码是${code}',
        'verification',
      );
      notificationTemplate = await api.seed.approvedTemplate(
        marketing.account,
        '您的订单${order}已发货',
        'notification',
      );
      // Night-time runs and frequency caps must not decide this test: no quiet hours, consent or caps here.
      await api.http
        .patch('/v1/compliance/settings')
        .set('Authorization', `Bearer ${api.seed.operatorKey}`)
        .send({
          account_id: marketing.account.id,
          quiet_hours: 'off',
          consent_required: false,
          caps: { verification: '', notification: '', marketing: '' },
        })
        .expect(200);
    });

    afterAll(async () => {
      await dispatcher?.close();
      await simulator?.stop();
      await api?.close();
    });

    const send = (templateId: string, params: Record<string, string>) =>
      api.http
        .post('/v1/messages')
        .set('Authorization', `Bearer ${marketing.key}`)
        .send({ phone, signature: 'Tongdao', template_id: templateId, template_params: params });

    it('puts the number on the account’s opt-out list at once: marketing is refused, codes and notices still go', async () => {
      expect((await send(marketing.templateId, {})).status).toBe(202);
      const { extension } = (
        await api.http.get('/v1/replies/settings').set('Authorization', `Bearer ${marketing.key}`)
      ).body as { extension: string };

      const injected = await fetch(`http://127.0.0.1:${simulator.controlPort}/gateways/cmpp3/inbound`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: phone!.slice(3), to: `1069000001${extension}`, text: 'TD' }),
      });
      expect(injected.status).toBe(202);

      const listed = await waitFor(
        async () =>
          (
            await api.http
              .get(`/v1/compliance/opt-outs?phone=${encodeURIComponent(phone!)}`)
              .set('Authorization', `Bearer ${marketing.key}`)
          ).body.data as Array<{ phone: string; source: string }>,
        (data) => data?.length === 1,
        60_000,
      );
      expect(listed[0]).toMatchObject({ phone, source: 'reply:TD' });

      const refused = await send(marketing.templateId, {});
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('RECIPIENT_OPTED_OUT');
      expect((await send(verificationTemplate, { code: '123456' })).status).toBe(202);
      expect((await send(notificationTemplate, { order: 'A1' })).status).toBe(202);

      // Resubscribing (through the compliance API) lets marketing go again.
      await api.http
        .delete(`/v1/compliance/opt-outs/${encodeURIComponent(phone!)}`)
        .set('Authorization', `Bearer ${marketing.key}`)
        .expect(204);
      expect((await send(marketing.templateId, {})).status).toBe(202);
    });
  },
);
