import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { SUPPRESSION_PORT, Suppression, SuppressionPort } from '@tongdao/compliance';
import { COMPLIANCE_CLOCK } from '../../apps/api/src/compliance/compliance-clock';
import { bearer, nextPhone } from '../api/api-test-helpers';

/** A clock the test moves: compliance decisions (quiet hours) are made at this time. */
let clockAt: Date | null = null;
const testClock = () => clockAt ?? new Date();

const suppressedPhones = new Map<string, Suppression>();
const suppressionPort: SuppressionPort = {
  suppressed: async (_account, phones) => {
    const found = new Map<string, Suppression>();
    for (const phone of phones)
      if (suppressedPhones.has(phone)) found.set(phone, suppressedPhones.get(phone)!);
    return found;
  },
};

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('compliance at acceptance (API)', () => {
  let api: ApiTestApp;
  let customer: AccountEntity;
  let key: string;
  let operatorKey: string;
  let signature: string;
  let nameTemplate: string;

  beforeAll(async () => {
    api = await createApiTestApp(
      {
        COMPLIANCE_QUIET_HOURS: '22:00-08:00',
        COMPLIANCE_WORDS_RELOAD_MS: '200',
        COMPLIANCE_DEFAULT_SHORT_DOMAIN: 't.tongdao.cn',
      },
      {
        providers: [
          { provide: COMPLIANCE_CLOCK, useValue: testClock },
          { provide: SUPPRESSION_PORT, useValue: suppressionPort },
        ],
      },
    );
    customer = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    key = (await api.seed.issueKey(customer)).fullKey;
    operatorKey = api.seed.operatorKey;
    signature = await api.seed.approvedSignature(customer, '通道科技');
    nameTemplate = await api.seed.approvedTemplate(customer, '${name}您好，您的订单已发货。', 'notification');
    const words = await api.http
      .post('/v1/compliance/words')
      .set(bearer(operatorKey))
      .send({
        list: 'platform',
        words: [
          { word: '免费', category: 'block' },
          { word: '最优惠', category: 'review' },
        ],
      });
    expect(words.status).toBe(200);
  });

  afterAll(async () => {
    await api?.close();
  });

  beforeEach(() => {
    clockAt = null;
  });

  const send = (body: object, apiKey = key) => api.http.post('/v1/messages').set(bearer(apiKey)).send(body);
  const sendBatch = (body: object) => api.http.post('/v1/messages/batch').set(bearer(key)).send(body);
  const check = (body: object) => api.http.post('/v1/messages/check').set(bearer(key)).send(body);
  const messageCount = async () =>
    Number((await api.database.dataSource.query('SELECT count(*)::int AS n FROM messages'))[0].n);

  describe('sensitive words', () => {
    it('refuses a blocked word hidden with full-width letters, spaces and traditional characters, naming it as written', async () => {
      const response = await send({ phone: nextPhone(), signature, content: '今天 免 費 领取' });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'SENSITIVE_WORD', field: 'content' });
      expect(response.body.error.message).toContain('"免 費"');
      expect(response.body.error.message).toContain('category block');
    });

    it('stores a message with a review word HELD for review, with a held_messages row and the reason', async () => {
      const response = await send({ phone: nextPhone(), signature, content: '本店最\u200d优惠活动' });
      expect(response.status).toBe(202);
      expect(response.body.status).toBe('HELD');
      const rows = await api.database.dataSource.query(
        `SELECT h.reason, h.release_at, m.status, e.detail->>'reason' AS event_reason,
                (SELECT count(*)::int FROM dispatch_queue q WHERE q.message_id = m.id) AS queued
           FROM held_messages h JOIN messages m ON m.id = h.message_id
           JOIN message_events e ON e.message_id = m.id WHERE h.message_id = $1`,
        [response.body.id],
      );
      expect(rows).toEqual([
        { reason: 'review', release_at: null, status: 'HELD', event_reason: 'review', queued: 0 },
      ]);
    });

    it('applies an account’s own list, and picks up a change made elsewhere without a restart', async () => {
      const word = await api.http
        .post('/v1/compliance/words')
        .set(bearer(key))
        .send({ words: [{ word: '秒杀' }] });
      expect(word.status).toBe(200);
      const refused = await send({ phone: nextPhone(), signature, content: '限时秒 杀' });
      expect(refused.body.error).toMatchObject({ code: 'SENSITIVE_WORD' });
      expect(refused.body.error.message).toContain('account list');
      // Another process (here: plain SQL) adds a platform word and bumps the version; this process polls.
      await api.database.dataSource.query(
        `INSERT INTO sensitive_words (account_id, word, category) VALUES (NULL, '抽奖', 'block')`,
      );
      await api.database.dataSource.query(
        `UPDATE compliance_list_versions SET version = version + 1 WHERE name = 'sensitive_words'`,
      );
      const later = await waitFor(
        () => send({ phone: nextPhone(), signature, content: '参与抽奖' }),
        (response) => response.status === 422,
      );
      expect(later.body.error).toMatchObject({ code: 'SENSITIVE_WORD' });
      const removed = await api.http
        .delete(`/v1/compliance/words/${encodeURIComponent('秒杀')}`)
        .set(bearer(key));
      expect(removed.status).toBe(204);
      expect((await send({ phone: nextPhone(), signature, content: '限时秒杀' })).status).toBe(202);
    });

    it('keeps the platform list to the operator', async () => {
      const response = await api.http
        .post('/v1/compliance/words')
        .set(bearer(key))
        .send({ list: 'platform', words: [{ word: 'x' }] });
      expect(response.status).toBe(403);
    });
  });

  describe('review of held messages', () => {
    const heldForReview = async (kind = 'notification') => {
      const response = await send({ phone: nextPhone(), signature, content: '本店最优惠', kind });
      expect(response.body.status).toBe('HELD');
      return response.body.id as string;
    };

    it('lists them, lets an ancestor approve (handing them to the releaser) but not the sender itself', async () => {
      const id = await heldForReview();
      const listed = await api.http.get('/v1/compliance/held?reason=review').set(bearer(key));
      expect(listed.body.data.map((row: { id: string }) => row.id)).toContain(id);
      const own = await api.http.post(`/v1/compliance/held/${id}/approve`).set(bearer(key)).send({});
      expect(own.status).toBe(403);
      clockAt = new Date('2026-11-30T04:00:00Z');
      const approved = await api.http
        .post(`/v1/compliance/held/${id}/approve`)
        .set(bearer(operatorKey))
        .send({});
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual({ id, status: 'HELD', release_at: '2026-11-30T04:00:00.000Z' });
      const again = await api.http
        .post(`/v1/compliance/held/${id}/approve`)
        .set(bearer(operatorKey))
        .send({});
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('MESSAGE_NOT_HELD');
    });

    it('approves marketing inside quiet hours for the end of the window', async () => {
      const id = await heldForReview('marketing');
      clockAt = new Date('2026-11-30T15:00:00Z'); // 23:00 in Shanghai
      const approved = await api.http
        .post(`/v1/compliance/held/${id}/approve`)
        .set(bearer(operatorKey))
        .send({});
      expect(approved.body.release_at).toBe('2026-12-01T00:00:00.000Z');
      const rows = await api.database.dataSource.query(
        'SELECT reason FROM held_messages WHERE message_id = $1',
        [id],
      );
      expect(rows).toEqual([{ reason: 'quiet_hours' }]);
    });

    it('refuses: the message ends FAILED with SENSITIVE_WORD and leaves the held list', async () => {
      const id = await heldForReview();
      const refused = await api.http
        .post(`/v1/compliance/held/${id}/refuse`)
        .set(bearer(operatorKey))
        .send({ reason: 'inducing wording' });
      expect(refused.status).toBe(200);
      const message = await api.http.get(`/v1/messages/${id}`).set(bearer(key));
      expect(message.body).toMatchObject({
        status: 'FAILED',
        error: { code: 'SENSITIVE_WORD', message: 'inducing wording' },
      });
      const rows = await api.database.dataSource.query('SELECT 1 FROM held_messages WHERE message_id = $1', [
        id,
      ]);
      expect(rows).toEqual([]);
    });
  });

  describe('quiet hours (Asia/Shanghai, server clock in UTC)', () => {
    const marketing = () => ({ phone: nextPhone(), signature, content: '会员日全场8折', kind: 'marketing' });

    it('queues marketing at 21:59:59 and holds it at 22:00:00 until 08:00 the next morning', async () => {
      clockAt = new Date('2026-11-30T13:59:59Z');
      const before = await send(marketing());
      expect(before.body.status).toBe('QUEUED');
      clockAt = new Date('2026-11-30T14:00:00Z');
      const held = await send(marketing());
      expect(held.status).toBe(202);
      expect(held.body.status).toBe('HELD');
      const rows = await api.database.dataSource.query(
        'SELECT reason, release_at FROM held_messages WHERE message_id = $1',
        [held.body.id],
      );
      expect(rows).toEqual([{ reason: 'quiet_hours', release_at: new Date('2026-12-01T00:00:00Z') }]);
    });

    it('holds at 07:59:59 and queues at 08:00:00; notifications are never held', async () => {
      clockAt = new Date('2026-11-30T23:59:59Z');
      expect((await send(marketing())).body.status).toBe('HELD');
      expect((await send({ phone: nextPhone(), signature, content: '您的快递已到' })).body.status).toBe(
        'QUEUED',
      );
      clockAt = new Date('2026-12-01T00:00:00Z');
      expect((await send(marketing())).body.status).toBe('QUEUED');
    });

    it('follows the account’s own window, set by its parent', async () => {
      const saved = await api.http
        .put('/v1/compliance/settings')
        .set(bearer(operatorKey))
        .send({ account_id: customer.id, quiet_hours: { enabled: true, start: '21:00', end: '09:00' } });
      expect(saved.status).toBe(200);
      expect(saved.body.quiet_hours).toMatchObject({
        start: '21:00',
        end: '09:00',
        time_zone: 'Asia/Shanghai',
      });
      clockAt = new Date('2026-11-30T13:30:00Z'); // 21:30
      expect((await send(marketing())).body.status).toBe('HELD');
      const ownChange = await api.http
        .put('/v1/compliance/settings')
        .set(bearer(key))
        .send({ quiet_hours: { enabled: false } });
      expect(ownChange.status).toBe(403);
      await api.http
        .put('/v1/compliance/settings')
        .set(bearer(operatorKey))
        .send({ account_id: customer.id, quiet_hours: { enabled: true, start: '22:00', end: '08:00' } });
    });
  });

  describe('unsubscribe text', () => {
    it('appends 回TD退订 to marketing and bills the extra segment', async () => {
      const body = '上新' + '好'.repeat(60); // 【通道科技】 + 62 = 68 characters: one segment without the suffix
      const response = await send({ phone: nextPhone(), signature, content: body, kind: 'marketing' });
      expect(response.status).toBe(202);
      expect(response.body.content).toBe(`【通道科技】${body}回TD退订`);
      expect(response.body.segments).toBe(2);
    });

    it('uses the account’s text when set, and leaves an existing instruction alone', async () => {
      await api.http
        .put('/v1/compliance/settings')
        .set(bearer(operatorKey))
        .send({ account_id: customer.id, unsubscribe_text: '拒收请回复R' });
      const own = await send({ phone: nextPhone(), signature, content: '新品上市', kind: 'marketing' });
      expect(own.body.content).toBe('【通道科技】新品上市拒收请回复R');
      const already = await send({
        phone: nextPhone(),
        signature,
        content: '新品上市，回T退订',
        kind: 'marketing',
      });
      expect(already.body.content).toBe('【通道科技】新品上市，回T退订');
      await api.http
        .put('/v1/compliance/settings')
        .set(bearer(operatorKey))
        .send({ account_id: customer.id, unsubscribe_text: null });
    });
  });

  describe('links', () => {
    it('accepts registered domains and their subdomains, refuses public shorteners and other hosts', async () => {
      const registered = await api.http
        .post('/v1/compliance/link-domains')
        .set(bearer(operatorKey))
        .send({ account_id: customer.id, host: 'Shop.Example.com' });
      expect(registered.status).toBe(200);
      expect(registered.body.data).toEqual(['shop.example.com']);
      expect(
        (await send({ phone: nextPhone(), signature, content: '详情 https://m.shop.example.com/a' })).status,
      ).toBe(202);
      const shortener = await send({ phone: nextPhone(), signature, content: '详情 t.cn/A6x' });
      expect(shortener.status).toBe(422);
      expect(shortener.body.error).toMatchObject({ code: 'PUBLIC_SHORTENER_NOT_ALLOWED', field: 'content' });
      const other = await send({
        phone: nextPhone(),
        signature,
        content: '详情 https://other.example.org/x',
      });
      expect(other.body.error.code).toBe('LINK_NOT_ALLOWED');
      expect(other.body.error.message).toContain('other.example.org');
      const selfRegister = await api.http
        .post('/v1/compliance/link-domains')
        .set(bearer(key))
        .send({ host: 'other.example.org' });
      expect(selfRegister.status).toBe(403);
    });
  });

  describe('Tongdao short domains', () => {
    it('allows the platform default short domain, and approved short_domains rows of the platform or the account', async () => {
      expect((await send({ phone: nextPhone(), signature, content: '点击 t.tongdao.cn/3Ed5' })).status).toBe(
        202,
      );
      // Rows of issue 8a's short_domains (its API seeds the platform default; this adds a second platform host).
      await api.database.dataSource.query(
        `INSERT INTO short_domains (id, account_id, host, status, is_default)
         VALUES (gen_random_uuid(), $1, 't.brand.cn', 'approved', false),
                (gen_random_uuid(), $1, 'p.brand.cn', 'pending', false),
                (gen_random_uuid(), NULL, 's.tongdao.cn', 'approved', false)`,
        [customer.id],
      );
      // Each process caches an account's short hosts for COMPLIANCE_CACHE_MS.
      const approved = await waitFor(
        () => send({ phone: nextPhone(), signature, content: '点击 https://t.brand.cn/x' }),
        (response) => response.status === 202,
      );
      expect(approved.status).toBe(202);
      expect((await send({ phone: nextPhone(), signature, content: '点击 s.tongdao.cn/x' })).status).toBe(
        202,
      );
      const pending = await send({ phone: nextPhone(), signature, content: '点击 p.brand.cn/x' });
      expect(pending.body.error).toMatchObject({ code: 'LINK_NOT_ALLOWED' });
    });
  });

  describe('typed template variables', () => {
    it('declares types at submission and refuses values that do not fit', async () => {
      const created = await api.http
        .post('/v1/templates')
        .set(bearer(key))
        .send({
          name: 'typed',
          kind: 'verification',
          body: '您的验证码为${code}，金额${amount}元',
          variables: { code: { type: 'code' }, amount: { type: 'amount' } },
        });
      expect(created.status).toBe(201);
      expect(created.body.variable_types).toEqual({ code: { type: 'code' }, amount: { type: 'amount' } });
      const approved = await api.http
        .post(`/v1/templates/${created.body.id}/approve`)
        .set(bearer(operatorKey))
        .send({});
      expect(approved.status).toBe(200);
      const ok = await send({
        phone: nextPhone(),
        signature,
        template_id: created.body.id,
        template_params: { code: '123456', amount: '9.90' },
      });
      expect(ok.status).toBe(202);
      const bad = await send({
        phone: nextPhone(),
        signature,
        template_id: created.body.id,
        template_params: { code: '12', amount: '9.90' },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error).toMatchObject({
        code: 'TEMPLATE_VARIABLE_INVALID',
        field: 'template_params.code',
      });
      const badDeclaration = await api.http
        .post('/v1/templates')
        .set(bearer(key))
        .send({ name: 'x', kind: 'notification', body: '${a}', variables: { b: { type: 'text' } } });
      expect(badDeclaration.status).toBe(400);
      expect(badDeclaration.body.error.field).toBe('variables.b');
    });

    it('treats undeclared variables as text: no links', async () => {
      const response = await send({
        phone: nextPhone(),
        signature,
        template_id: nameTemplate,
        template_params: { name: '点 evil.com/x' },
      });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({
        code: 'TEMPLATE_VARIABLE_INVALID',
        field: 'template_params.name',
      });
    });
  });

  describe('POST /v1/messages/check (dry run)', () => {
    it('returns verdicts, final text and segments for a batch and stores nothing', async () => {
      const before = await messageCount();
      clockAt = new Date('2026-11-30T14:30:00Z');
      const response = await check({
        signature,
        content: '周末特惠',
        kind: 'marketing',
        recipients: [{ phone: nextPhone() }, { phone: 'nope' }],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        kind: 'marketing',
        recipients: 2,
        passed: 0,
        held: 1,
        rejected: 1,
      });
      expect(response.body.results[0]).toMatchObject({
        verdict: 'hold',
        rule: 'quiet_hours',
        content: '【通道科技】周末特惠回TD退订',
        segments: 1,
        hold: { reason: 'quiet_hours', release_at: '2026-12-01T00:00:00.000Z' },
      });
      expect(response.body.results[1]).toMatchObject({
        verdict: 'reject',
        rule: 'input',
        error: { field: 'recipients[1].phone' },
      });
      const single = await check({ phone: nextPhone(), signature, content: '免费送' });
      expect(single.body.results[0]).toMatchObject({ verdict: 'reject', error: { code: 'SENSITIVE_WORD' } });
      expect(await messageCount()).toBe(before);
    });
  });

  describe('a 10,000-recipient batch with mixed verdicts', () => {
    it('accepts, holds and refuses each recipient on its own, with one store for the accepted', async () => {
      const recipients = [];
      const expected = { accepted: 0, held: 0, rejected: 0 };
      for (let i = 0; i < 10_000; i++) {
        const phone = `139${String(20_000_000 + i)}`;
        let name = `客户${i}`;
        if (i % 10 === 1)
          name = `免 費${i}`; // block word
        else if (i % 10 === 2)
          name = `最優惠${i}`; // review word
        else if (i % 10 === 3)
          suppressedPhones.set(`+86${phone}`, { reason: 'fraud report', source: 'blocklist' });
        else if (i % 10 === 4) name = `见 bit.ly/${i}`; // a link in a text variable
        recipients.push({ phone: i % 10 === 5 ? `12${i}` : phone, template_params: { name } });
        if ([1, 3, 4, 5].includes(i % 10)) expected.rejected++;
        else expected.accepted++;
        if (i % 10 === 2) expected.held++;
      }
      const response = await sendBatch({ signature, template_id: nameTemplate, recipients });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({
        accepted: expected.accepted,
        rejected: expected.rejected,
        held: expected.held,
      });
      const results = response.body.results as {
        result: string;
        status?: string;
        error?: { code: string; field: string };
      }[];
      expect(results[0]).toMatchObject({ result: 'accepted' });
      expect(results[0]!.status).toBeUndefined();
      expect(results[1]).toMatchObject({
        result: 'rejected',
        error: { code: 'SENSITIVE_WORD', field: 'recipients[1].content' },
      });
      expect(results[2]).toMatchObject({ result: 'accepted', status: 'HELD', hold: { reason: 'review' } });
      expect(results[3]).toMatchObject({
        result: 'rejected',
        error: { code: 'RECIPIENT_SUPPRESSED', field: 'recipients[3].phone' },
      });
      expect(results[4]).toMatchObject({
        result: 'rejected',
        error: { code: 'TEMPLATE_VARIABLE_INVALID', field: 'recipients[4].template_params.name' },
      });
      expect(results[5]).toMatchObject({ result: 'rejected', error: { field: 'recipients[5].phone' } });
      const stored = await api.database.dataSource.query(
        `SELECT m.status, count(*)::int AS n, count(h.message_id)::int AS held_rows
           FROM messages m LEFT JOIN held_messages h ON h.message_id = m.id
          WHERE m.batch_id = $1 GROUP BY m.status ORDER BY m.status`,
        [response.body.batch_id],
      );
      expect(stored).toEqual([
        { status: 'HELD', n: expected.held, held_rows: expected.held },
        { status: 'QUEUED', n: expected.accepted - expected.held, held_rows: 0 },
      ]);
    });
  });
});
