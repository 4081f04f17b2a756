import { SUPPRESSION_PORT, CONSENT_PORT, SuppressionPort, ConsentPort } from '@tongdao/compliance';
import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';

/** The platform defaults of issue 9 (the shared test setup turns caps off). */
const PLATFORM_CAPS = {
  COMPLIANCE_CAPS_VERIFICATION: '1/minute,5/hour,10/day',
  COMPLIANCE_CAPS_MARKETING: '2/day,2/week,4/month',
};
import { phones } from '../webhooks/webhook-test-kit';

describe('compliance state API: opt-outs, blocklist, consent, caps settings', () => {
  let api: ApiTestApp;
  let suppression: SuppressionPort;
  let consent: ConsentPort;

  beforeAll(async () => {
    api = await createApiTestApp(PLATFORM_CAPS);
    suppression = api.app.get(SUPPRESSION_PORT);
    consent = api.app.get(CONSENT_PORT);
  });

  afterAll(async () => {
    await api?.close();
  });

  const customer = async (parent: AccountEntity = api.seed.operator) => {
    const account = await api.seed.createAccount(parent);
    return { account, key: (await api.seed.issueKey(account)).fullKey };
  };
  const as = (key: string) => ({
    get: (path: string) => api.http.get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) =>
      api.http.post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body?: object) => api.http.put(path).set('Authorization', `Bearer ${key}`).send(body),
    patch: (path: string, body?: object) =>
      api.http.patch(path).set('Authorization', `Bearer ${key}`).send(body),
    delete: (path: string, body?: object) =>
      api.http.delete(path).set('Authorization', `Bearer ${key}`).send(body),
  });

  describe('opt-outs', () => {
    it('adds, lists, finds and removes a number; the first source is kept', async () => {
      const { account, key } = await customer();
      const first = await as(key).post('/v1/compliance/opt-outs', {
        phone: '139 0000 1111',
        note: 'by phone',
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ phone: '+8613900001111', source: 'api', note: 'by phone' });
      expect((await as(key).post('/v1/compliance/opt-outs', { phone: '+8613900001111' })).status).toBe(200);
      const listed = await as(key).get('/v1/compliance/opt-outs?phone=13900001111');
      expect(listed.body.data).toEqual([expect.objectContaining({ phone: '+8613900001111', source: 'api' })]);
      const found = await suppression.suppressed(account.id, ['+8613900001111', '+8613900002222']);
      expect([...found]).toEqual([['+8613900001111', { source: 'opt_out', reason: 'opted out (api)' }]]);
      expect((await as(key).delete('/v1/compliance/opt-outs/+8613900001111')).status).toBe(204);
      expect((await as(key).delete('/v1/compliance/opt-outs/+8613900001111')).status).toBe(404);
      expect((await suppression.suppressed(account.id, ['+8613900001111'])).size).toBe(0);
      const bad = await as(key).post('/v1/compliance/opt-outs', { phone: '12345' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });
    });

    it('keeps lists apart: a sibling cannot see or change another account’s list, a parent can', async () => {
      const reseller = await customer();
      const child = await customer(reseller.account);
      const sibling = await customer(reseller.account);
      await as(child.key).post('/v1/compliance/opt-outs', { phone: '13900003333' });
      expect((await as(sibling.key).get('/v1/compliance/opt-outs')).body.data).toEqual([]);
      const foreign = await as(sibling.key).get(`/v1/compliance/opt-outs?account_id=${child.account.id}`);
      expect(foreign.status).toBe(404);
      const byParent = await as(reseller.key).get(`/v1/compliance/opt-outs?account_id=${child.account.id}`);
      expect(byParent.body.data).toHaveLength(1);
      expect((await suppression.suppressed(sibling.account.id, ['+8613900003333'])).size).toBe(0);
    });

    it('imports a CSV with bad rows reported by line, then exports it back', async () => {
      const { key } = await customer();
      const good = phones(1200, '138');
      const lines = ['phone,note', ...good.map((phone, index) => `${phone.slice(3)},row ${index}`)];
      lines.splice(5, 0, 'not-a-number,x');
      lines.splice(10, 0, ',a note without a number');
      lines.push(good[0]!.slice(3)); // repeated in the file
      lines.push('+86 139-1234-5678,"quoted, with comma"');
      // A quote never closed takes the rest of the file with it: CSV cannot know where the field ends.
      lines.push('"13900004321,never closed');
      const csv = '\ufeff' + lines.join('\r\n') + '\r\n';
      const imported = await api.http
        .post('/v1/compliance/opt-outs/import')
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(csv, 'utf8'));
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ rows: 1205, added: 1201, already_listed: 1, rejected: 3 });
      expect(imported.body.errors).toEqual([
        expect.objectContaining({ line: 6, code: 'INVALID_PHONE' }),
        expect.objectContaining({ line: 11, code: 'INVALID_PHONE' }),
        expect.objectContaining({
          code: 'CSV_MALFORMED',
          message: expect.stringContaining('Quote Not Closed'),
        }),
      ]);
      const again = await api.http
        .post('/v1/compliance/opt-outs/import')
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(good.slice(0, 10).join('\n'), 'utf8'));
      expect(again.body).toMatchObject({ rows: 10, added: 0, already_listed: 10, rejected: 0 });

      const exported = await as(key).get('/v1/compliance/opt-outs/export').buffer(true);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toContain('text/csv');
      const text = String(exported.text ?? exported.body);
      expect(text.startsWith('\ufeffphone,source,note,created_at')).toBe(true);
      const rows = text.trim().split('\n').slice(1);
      expect(rows).toHaveLength(1201);
      expect(new Set(rows.map((row) => row.split(',')[0]))).toEqual(new Set([...good, '+8613912345678']));
      expect(text).toContain('"quoted, with comma"');

      // Round trip: the export imports into another account as the same list.
      const other = await customer();
      const reimported = await api.http
        .post('/v1/compliance/opt-outs/import')
        .set('Authorization', `Bearer ${other.key}`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(text, 'utf8'));
      expect(reimported.body).toMatchObject({ rows: 1201, added: 1201, rejected: 0 });
    });

    it('refuses an empty or non-CSV upload', async () => {
      const { key } = await customer();
      const json = await as(key).post('/v1/compliance/opt-outs/import', { phone: '13900001111' });
      expect(json.status).toBe(415);
      const empty = await api.http
        .post('/v1/compliance/opt-outs/import')
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from('phone\n', 'utf8'));
      expect(empty.status).toBe(422);
      expect(empty.body.error.code).toBe('IMPORT_FILE_INVALID');
    });
  });

  describe('blocklist and automatic suppressions (operator)', () => {
    it('blocks a number for every account, with the reason, and unblocks it', async () => {
      const operator = as(api.seed.operatorKey);
      const { account, key } = await customer();
      const [phone] = phones(1, '137');
      expect(
        (await operator.put(`/v1/compliance/blocklist/${phone}`, { reason: 'fraud report' })).status,
      ).toBe(201);
      expect(
        (await operator.put(`/v1/compliance/blocklist/${phone}`, { reason: 'fraud, confirmed' })).status,
      ).toBe(200);
      await as(key).post('/v1/compliance/opt-outs', { phone });
      expect(await suppression.suppressed(account.id, [phone!])).toEqual(
        new Map([[phone, { source: 'blocklist', reason: 'fraud, confirmed' }]]),
      );
      const listed = await operator.get(`/v1/compliance/blocklist?phone=${encodeURIComponent(phone!)}`);
      expect(listed.body.data).toEqual([expect.objectContaining({ phone, reason: 'fraud, confirmed' })]);
      expect((await as(key).get('/v1/compliance/blocklist')).status).toBe(403);
      expect((await operator.delete(`/v1/compliance/blocklist/${phone}`, {})).status).toBe(400);
      expect(
        (await operator.delete(`/v1/compliance/blocklist/${phone}`, { reason: 'cleared by support' })).status,
      ).toBe(204);
      expect((await suppression.suppressed(account.id, [phone!])).get(phone!)?.source).toBe('opt_out');
    });

    it('lists and clears automatic suppressions with a reason', async () => {
      const operator = as(api.seed.operatorKey);
      const [phone] = phones(1, '136');
      await api.database.dataSource.query(
        `INSERT INTO auto_suppressions (phone, reason, last_code, failures) VALUES ($1, 'permanent failures: 3 × MK:0001', 'MK:0001', 3)`,
        [phone],
      );
      const listed = await operator.get(
        `/v1/compliance/auto-suppressions?phone=${encodeURIComponent(phone!)}`,
      );
      expect(listed.body.data).toEqual([
        expect.objectContaining({
          phone,
          last_code: 'MK:0001',
          failures: 3,
          reason: expect.stringContaining('MK:0001'),
        }),
      ]);
      const { account } = await customer();
      expect((await suppression.suppressed(account.id, [phone!])).get(phone!)?.source).toBe('auto');
      expect(
        (await operator.delete(`/v1/compliance/auto-suppressions/${phone}`, { reason: 'number reissued' }))
          .status,
      ).toBe(204);
      expect((await suppression.suppressed(account.id, [phone!])).size).toBe(0);
      expect(
        (await operator.delete(`/v1/compliance/auto-suppressions/${phone}`, { reason: 'again' })).status,
      ).toBe(404);
    });
  });

  describe('consent', () => {
    it('records, reads, revokes and restores consent; the port enforces it only where required', async () => {
      const reseller = await customer();
      const { account, key } = await customer(reseller.account);
      const [a, b, c] = phones(3, '135');
      // Not required yet: nobody is missing consent.
      expect(await consent.missingConsent(account.id, [a!, b!])).toEqual(new Set());
      const own = await as(key).patch('/v1/compliance/caps', { requires_marketing_consent: true });
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('COMPLIANCE_SETTING_NOT_ALLOWED');
      const set = await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        requires_marketing_consent: true,
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        requires_marketing_consent: true,
        requires_marketing_consent_source: 'account',
      });
      expect(await consent.missingConsent(account.id, [a!, b!, c!])).toEqual(new Set([a, b, c]));

      const recorded = await as(key).post('/v1/compliance/consents', {
        phones: [a!.slice(3), b],
        source: 'web_form',
        evidence: 'form #4711',
        consented_at: '2026-11-01T08:00:00Z',
      });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toEqual({ recorded: 2 });
      expect(await consent.missingConsent(account.id, [a!, b!, c!])).toEqual(new Set([c]));
      const one = await as(key).get(`/v1/compliance/consents/${encodeURIComponent(a!)}`);
      expect(one.body).toMatchObject({
        phone: a,
        active: true,
        source: 'web_form',
        evidence: 'form #4711',
        consented_at: '2026-11-01T08:00:00.000Z',
        revoked_at: null,
      });

      const revoked = await as(key).delete(`/v1/compliance/consents/${encodeURIComponent(a!)}`, {
        source: 'customer_service',
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ active: false, revoke_source: 'customer_service' });
      expect((await as(key).delete(`/v1/compliance/consents/${encodeURIComponent(a!)}`, {})).status).toBe(
        404,
      );
      expect(await consent.missingConsent(account.id, [a!, b!])).toEqual(new Set([a]));
      const active = await as(key).get('/v1/compliance/consents?active=true');
      expect(active.body.data.map((row: { phone: string }) => row.phone)).toEqual([b]);

      await as(key).post('/v1/compliance/consents', { phone: a, source: 'sms_reply' });
      expect(await consent.missingConsent(account.id, [a!, b!])).toEqual(new Set());

      const bad = await as(key).post('/v1/compliance/consents', {
        phones: ['13900001111', 'nope'],
        source: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('phones[1]');
      const future = await as(key).post('/v1/compliance/consents', {
        phone: a,
        source: 'x',
        consented_at: '2099-01-01T00:00:00Z',
      });
      expect(future.status).toBe(400);

      await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        requires_marketing_consent: null,
      });
      expect(await consent.missingConsent(account.id, [c!])).toEqual(new Set());
    });
  });

  describe('caps settings and test numbers', () => {
    it('shows the effective caps, lets a parent override and reset them, and validates cap lists', async () => {
      const reseller = await customer();
      const { account, key } = await customer(reseller.account);
      const shown = await as(key).get('/v1/compliance/caps');
      expect(shown.body).toMatchObject({
        verification: { caps: '1/minute,5/hour,10/day', source: 'platform' },
        notification: { caps: '', source: 'platform' },
        marketing: { caps: '2/day,2/week,4/month', source: 'platform' },
        requires_marketing_consent: false,
      });
      const changed = await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        caps: { notification: '10/day, 3/hour', marketing: '' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        notification: { caps: '3/hour,10/day', source: 'account' },
        marketing: { caps: '', source: 'account' },
        verification: { source: 'platform' },
      });
      const bad = await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        caps: { marketing: '5/fortnight' },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error).toMatchObject({ code: 'CAP_LIST_INVALID', field: 'caps.marketing' });
      const unknownKind = await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        caps: { promo: '1/day' },
      });
      expect(unknownKind.body.error).toMatchObject({ field: 'caps.promo' });
      const reset = await as(reseller.key).patch('/v1/compliance/caps', {
        account_id: account.id,
        caps: { marketing: null },
      });
      expect(reset.body.marketing).toEqual({ caps: '2/day,2/week,4/month', source: 'platform' });
    });

    it('test numbers: a parent sets them for a child, the operator for the platform', async () => {
      const reseller = await customer();
      const { account, key } = await customer(reseller.account);
      expect((await as(key).put('/v1/compliance/test-numbers/13900009999', {})).status).toBe(403);
      expect(
        (await as(reseller.key).put('/v1/compliance/test-numbers/13900009999', { account_id: account.id }))
          .status,
      ).toBe(201);
      expect((await as(key).get('/v1/compliance/test-numbers')).body).toEqual([
        expect.objectContaining({ phone: '+8613900009999', platform: false }),
      ]);
      expect(
        (await as(reseller.key).put('/v1/compliance/test-numbers/13900008888', { platform: true })).status,
      ).toBe(403);
      const operator = as(api.seed.operatorKey);
      expect((await operator.put('/v1/compliance/test-numbers/13900008888', { platform: true })).status).toBe(
        201,
      );
      expect((await operator.get('/v1/compliance/test-numbers?platform=true')).body).toEqual([
        expect.objectContaining({ phone: '+8613900008888', platform: true }),
      ]);
      expect(
        (await as(reseller.key).delete('/v1/compliance/test-numbers/13900009999', { account_id: account.id }))
          .status,
      ).toBe(204);
      expect(
        (await operator.delete('/v1/compliance/test-numbers/13900008888', { platform: true })).status,
      ).toBe(204);
    });
  });

  describe('caps at acceptance', () => {
    it('counts only stored messages: a batch refused by the balance gives its caps back', async () => {
      const { account, key } = await customer();
      await api.seed.approvedSignature(account, 'Tongdao');
      const template = await api.seed.approvedTemplate(account, '您的验证码是${code}', 'verification');
      const operator = as(api.seed.operatorKey);
      expect(
        (
          await operator.put(`/v1/accounts/${account.id}/prices`, {
            prices: [{ carrier: 'CMCC', kind: 'verification', unit_price: 300 }],
          })
        ).status,
      ).toBe(200);
      const send = () =>
        as(key).post('/v1/messages', {
          phone: '13712340000',
          signature: 'Tongdao',
          template_id: template,
          kind: 'verification',
          template_params: { code: '123456' },
        });
      const unpaid = await send();
      expect(unpaid.status).toBe(402);
      await operator.post(`/v1/accounts/${account.id}/top-ups`, { amount: 10_000, reference: 'caps' });
      expect((await send()).status).toBe(202);
      const capped = await send();
      expect(capped.status).toBe(422);
      expect(capped.body.error).toMatchObject({ code: 'FREQUENCY_CAP_EXCEEDED', field: 'phone' });
      expect(capped.body.error.message).toContain('verification:1/minute');
      expect(capped.body.error.message).toMatch(/frees up at \d{4}-\d{2}-\d{2}T/);
    });

    it('drops a number repeated within a batch and reports it', async () => {
      const { account, key } = await customer();
      await api.seed.approvedSignature(account, 'Tongdao');
      const template = await api.seed.approvedTemplate(account, '您的订单${order}已发货', 'notification');
      const response = await as(key).post('/v1/messages/batch', {
        signature: 'Tongdao',
        template_id: template,
        recipients: [
          { phone: '13712340001', template_params: { order: 'A1' } },
          { phone: '+86 137 1234 0001', template_params: { order: 'A2' } },
          { phone: '13712340002', template_params: { order: 'A3' } },
        ],
      });
      expect(response.status).toBe(202);
      expect(response.body.results.map((row: { result: string }) => row.result)).toEqual([
        'accepted',
        'rejected',
        'accepted',
      ]);
      expect(response.body.results[1].error).toMatchObject({
        code: 'DUPLICATE_IN_BATCH',
        field: 'recipients[1].phone',
      });
    });
  });
});
