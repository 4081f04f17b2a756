import { OptOutListRegistry } from '../../apps/dispatcher/src/inbound/opt-out-list.registry';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { createSender, phones, sendBatch } from '../webhooks/webhook-test-kit';

describe('reply settings API', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await createApiTestApp({ REPLY_EXTENSION_DIGITS: '5' });
  });

  afterAll(async () => {
    await api?.close();
  });

  const put = (key: string, body: Record<string, unknown>) =>
    api.http.put('/v1/replies/settings').set('Authorization', `Bearer ${key}`).send(body);
  const get = (key: string, accountId?: string) =>
    api.http
      .get(`/v1/replies/settings${accountId ? `?account_id=${accountId}` : ''}`)
      .set('Authorization', `Bearer ${key}`);

  it('assigns each account its own extension code and stores it with every message', async () => {
    const first = await createSender(api);
    const second = await createSender(api);
    const [id] = await sendBatch(api, first, phones(1));
    const [{ source_extension: stored }] = (await api.database.dataSource.query(
      `SELECT source_extension FROM messages WHERE id = $1`,
      [id],
    )) as Array<{ source_extension: string }>;
    const a = (await get(first.key)).body.extension;
    const b = (await get(second.key)).body.extension;
    expect(a).toMatch(/^\d{5}$/);
    expect(b).toMatch(/^\d{5}$/);
    expect(a).not.toBe(b);
    expect(stored).toBe(a);
  });

  it('lets a parent or the operator assign extensions, never one that prefixes another', async () => {
    const parent = await createSender(api);
    const child = await createSender(api, parent.account);
    const sibling = await createSender(api, parent.account);
    const own = await put(child.key, { extension: '777' });
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ code: 'EXTENSION_NOT_ALLOWED', field: 'extension' });
    const assigned = await put(parent.key, { account_id: child.account.id, extension: '777' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.extension).toBe('777');
    for (const clash of ['777', '7771', '77']) {
      const refused = await put(parent.key, { account_id: sibling.account.id, extension: clash });
      expect([clash, refused.status, refused.body.error?.code]).toEqual([clash, 409, 'EXTENSION_TAKEN']);
    }
    expect(
      (await put(api.seed.operatorKey, { account_id: sibling.account.id, extension: '778' })).status,
    ).toBe(200);
    const bad = await put(parent.key, { account_id: sibling.account.id, extension: '12a' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'extension' });
    const foreign = await put(sibling.key, { account_id: child.account.id, extension: '779' });
    expect(foreign.status).toBe(404);
  });

  it('keeps unsubscribe keywords and quick replies per account, refusing keywords that collide', async () => {
    const sender = await createSender(api);
    const defaults = await get(sender.key);
    expect(defaults.body).toMatchObject({
      unsubscribe_keywords: ['TD', 'T', '退订', 'N', 'R', '取消'],
      unsubscribe_keywords_custom: false,
      quick_replies: [],
    });
    const saved = await put(sender.key, {
      unsubscribe_keywords: ['TD', 'STOP', '退订'],
      quick_replies: [
        { keyword: '1', action: 'claim_sample' },
        { keyword: '2', action: 'call_me' },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      unsubscribe_keywords: ['TD', 'STOP', '退订'],
      unsubscribe_keywords_custom: true,
      quick_replies: [
        { keyword: '1', action: 'claim_sample' },
        { keyword: '2', action: 'call_me' },
      ],
    });
    const clash = await put(sender.key, { quick_replies: [{ keyword: 'stop', action: 'x' }] });
    expect(clash.status).toBe(422);
    expect(clash.body.error).toMatchObject({
      code: 'REPLY_KEYWORD_CONFLICT',
      field: 'quick_replies[0].keyword',
    });
    const twice = await put(sender.key, {
      quick_replies: [
        { keyword: '1', action: 'a' },
        { keyword: '１', action: 'b' },
      ],
    });
    expect(twice.body.error).toMatchObject({
      code: 'REPLY_KEYWORD_CONFLICT',
      field: 'quick_replies[1].keyword',
    });
    const badAction = await put(sender.key, { quick_replies: [{ keyword: '3', action: 'has spaces' }] });
    expect(badAction.status).toBe(400);
    const reset = await put(sender.key, { unsubscribe_keywords: null });
    expect(reset.body).toMatchObject({
      unsubscribe_keywords_custom: false,
      unsubscribe_keywords: expect.arrayContaining(['T']),
    });
    expect(reset.body.quick_replies).toHaveLength(2);
  });

  it('writes unsubscribes into the compliance opt-out list, keeping the first source', async () => {
    const sender = await createSender(api);
    const dataSource = api.database.dataSource;
    const registry = new OptOutListRegistry(dataSource);
    await expect(registry.addOptOut(sender.account.id, '+8613900000001', 'reply:TD')).resolves.toBe(true);
    await expect(registry.addOptOut(sender.account.id, '+8613900000001', 'reply:退订')).resolves.toBe(false);
    const rows = await dataSource.query(`SELECT phone, source FROM opt_outs WHERE account_id = $1`, [
      sender.account.id,
    ]);
    expect(rows).toEqual([{ phone: '+8613900000001', source: 'reply:TD' }]);
  });
});
