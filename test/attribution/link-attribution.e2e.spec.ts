import { randomUUID } from 'node:crypto';
import { countSegments } from '@tongdao/sms';
import { MessageStatus } from '@tongdao/lifecycle';
import { AccountEntity } from '@tongdao/database/entities';
import { RecipientPseudonymizer } from '@tongdao/attribution';
import { ApiTestApp, createApiTestApp } from '../support/api-app';
import { bearer } from '../api/api-test-helpers';
import { LinkFunnelConsumer } from '../../apps/worker/src/attribution/link-funnel.consumer';
import { ShortCodeGenerator } from '@tongdao/short-links';
import { RecipientLinkPlan } from '../../apps/api/src/attribution/recipient-link-plan';
import { RecipientLinks } from '../../apps/api/src/attribution/recipient-links';
import { ComposedMessage } from '../../apps/api/src/messages/message-composer';
import { NewMessageBatch } from '../../apps/api/src/messages/new-message-batch';
import { ensureDefaultDomain, outboxEvent, storeClicks } from './attribution-kit';

const HOST = 't.tdlink.cn';

interface LinkRow {
  message_id: string;
  link_id: string;
  code: string;
  host: string;
  target_url: string;
  recipient_id: string;
  batch_id: string | null;
  campaign_ref: string | null;
  content: string;
  segments: number;
  phone: string;
  account_id: string;
}

describe('per-recipient links, rollups, analytics and conversions (issue 8b)', () => {
  let api: ApiTestApp;
  let customer: AccountEntity;
  let key: string;
  let template: string;
  const phones = ['13800138001', '13800138002', '13900139003', '13000130004'];

  beforeAll(async () => {
    api = await createApiTestApp({ SHORT_LINK_DEFAULT_DOMAIN: HOST });
    await ensureDefaultDomain(api.database.dataSource, HOST);
    customer = await api.seed.createAccount(api.seed.operator, 'customer', { allowFreeText: true });
    key = (await api.seed.issueKey(customer)).fullKey;
    await api.seed.approvedSignature(customer, '通道商城');
    template = await api.seed.approvedTemplate(
      customer,
      '${name}，双11专享券已到账，点击 ${link} 领取，回TD退订',
      'marketing',
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  async function linksOf(messageIds: readonly string[]): Promise<LinkRow[]> {
    return (await api.database.dataSource.query(
      `SELECT ml.message_id, ml.link_id::text AS link_id, l.code, d.host, l.target_url, ml.recipient_id, ml.batch_id,
              ml.campaign_ref, m.content, m.segments, m.phone, ml.account_id
         FROM message_links ml
         JOIN short_links l ON l.id = ml.link_id AND l.message_id = ml.message_id
         JOIN short_domains d ON d.id = l.domain_id
         JOIN messages m ON m.id = ml.message_id
        WHERE ml.message_id = ANY($1::uuid[])`,
      [messageIds],
    )) as LinkRow[];
  }

  const sendBatch = (body: object, idempotencyKey?: string) => {
    const request = api.http.post('/v1/messages/batch').set(bearer(key));
    if (idempotencyKey) request.set('Idempotency-Key', idempotencyKey);
    return request.send(body);
  };

  const batchBody = (campaign: string) => ({
    signature: '通道商城',
    template_id: template,
    link: { target: 'https://shop.example.cn/d11?from=sms', campaign_ref: campaign, params: { src: 'crm' } },
    recipients: phones.map((phone, index) => ({ phone, template_params: { name: `会员${index}` } })),
  });

  describe('minting at acceptance', () => {
    let messageIds: string[];
    let batchId: string;
    let firstBody: unknown;

    beforeAll(async () => {
      const response = await sendBatch(batchBody('d11'), 'links-batch-1');
      expect(response.status).toBe(202);
      firstBody = response.body;
      batchId = response.body.batch_id;
      messageIds = (response.body.results as Array<{ id: string }>).map((result) => result.id);
    });

    it('gives every recipient its own link on the default domain, tied to message, batch, campaign and recipient', async () => {
      const links = await linksOf(messageIds);
      expect(links).toHaveLength(phones.length);
      expect(new Set(links.map((link) => link.code)).size).toBe(phones.length);
      const pseudonyms = new RecipientPseudonymizer(api.config.attribution.recipientSecret);
      for (const link of links) {
        expect(link.host).toBe(HOST);
        expect(link.code).toMatch(/^[2-9A-HJ-NP-Za-km-z]{6}$/);
        expect(link.batch_id).toBe(batchId);
        expect(link.campaign_ref).toBe('d11');
        expect(link.recipient_id).toBe(pseudonyms.idOf(link.phone));
        expect(link.recipient_id).not.toContain(link.phone.slice(3));
        expect(link.content).toContain(`点击 ${HOST}/${link.code} 领取`);
        expect(link.target_url).toBe(
          `https://shop.example.cn/d11?from=sms&utm_source=sms&utm_medium=marketing&utm_campaign=d11&utm_content=${template}&src=crm`,
        );
      }
    });

    it('counts the link in the segments', async () => {
      const links = await linksOf(messageIds);
      for (const link of links) expect(link.segments).toBe(countSegments(link.content).segments);
      const results = (firstBody as { results: Array<{ segments: number }> }).results;
      expect(results.map((result) => result.segments)).toEqual(
        messageIds.map((id) => links.find((link) => link.message_id === id)!.segments),
      );
    });

    it('answers a retry with the same idempotency key with the same messages and links, minting nothing new', async () => {
      const codes = (await linksOf(messageIds)).map((link) => `${link.message_id}/${link.code}`).sort();
      const count = async () =>
        (
          (await api.database.dataSource.query(`SELECT count(*)::int AS n FROM short_links`)) as Array<{
            n: number;
          }>
        )[0]!.n;
      const before = await count();
      const retry = await sendBatch(batchBody('d11'), 'links-batch-1');
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(firstBody);
      expect(await count()).toBe(before);
      expect((await linksOf(messageIds)).map((link) => `${link.message_id}/${link.code}`).sort()).toEqual(
        codes,
      );
    });

    it('needs a second segment when the link pushes the text over 70 characters', async () => {
      // 【通道商城】 (6) + 50 + " " + t.tdlink.cn/XXXXXX (18) = 75 > 70; without the link it would be 57 (one segment)
      const text = '尊'.repeat(50);
      const response = await api.http
        .post('/v1/messages')
        .set(bearer(key))
        .send({
          signature: '通道商城',
          content: `${text} \${link}`,
          phone: '13700137009',
          link: { target: 'https://a.cn/' },
        });
      expect(response.status).toBe(202);
      expect(countSegments(`【通道商城】${text} `).segments).toBe(1);
      expect(response.body.segments).toBe(2);
    });

    it('keys the link by message: a second link for the same message is refused by the table', async () => {
      await expect(
        api.database.dataSource.query(
          `INSERT INTO message_links (message_id, link_id, account_id, recipient_id, created_at) VALUES ($1, 999999, $2, 'x', now())`,
          [messageIds[0], customer.id],
        ),
      ).rejects.toThrow(/duplicate key/);
    });

    it('redraws a code already taken on the domain, in the stored text as well', async () => {
      const domainId = await ensureDefaultDomain(api.database.dataSource, HOST);
      await api.database.dataSource.query(
        `INSERT INTO short_links (domain_id, code, account_id, target_url) VALUES ($1, 'TAKEN2', $2, 'https://x.cn/')`,
        [domainId, customer.id],
      );
      const drawn = ['TAKEN2', 'Fresh3'];
      const codes = { next: () => drawn.shift()! } as unknown as ShortCodeGenerator;
      const plan = new RecipientLinkPlan(
        {
          target: 'https://a.cn/',
          domain: null,
          campaignRef: null,
          utmContent: null,
          params: {},
          includeScheme: false,
        },
        { id: domainId, host: HOST },
        codes,
      );
      const recipient = plan.attach({ phone: '+8613700137010', templateParams: {}, clientRef: null });
      const message: ComposedMessage = {
        phone: '+8613700137010',
        content: `【通道商城】看 ${recipient.templateParams.link}`,
        encoding: 'UCS2',
        segments: 1,
        carrier: 'CMCC',
        province: null,
        clientRef: null,
        templateParams: recipient.templateParams,
      };
      const batch: NewMessageBatch = {
        accountId: customer.id,
        batchId: null,
        createdAt: new Date(),
        signature: '通道商城',
        templateId: null,
        kind: 'notification',
        status: MessageStatus.Queued,
        sendAt: new Date(),
        queuedAt: new Date(),
        callbackUrl: null,
        sourceExtension: null,
        ids: [randomUUID()],
        messages: [message],
        links: plan,
      };
      await api.database.dataSource.transaction((tx) => api.app.get(RecipientLinks).mint(tx, batch));
      expect(message.content).toBe(`【通道商城】看 ${HOST}/Fresh3`);
      expect(message.templateParams).toEqual({ link: `${HOST}/Fresh3` });
      const rows = (await api.database.dataSource.query(
        `SELECT l.code FROM message_links ml JOIN short_links l ON l.id = ml.link_id WHERE ml.message_id = $1`,
        [batch.ids[0]],
      )) as Array<{ code: string }>;
      expect(rows).toEqual([{ code: 'Fresh3' }]);
    });

    it('renders ${link} in free text and returns the link in a single send', async () => {
      const response = await api.http
        .post('/v1/messages')
        .set(bearer(key))
        .send({
          signature: '通道商城',
          content: '您的包裹已发出，查看物流 ${link}',
          phone: '13700137000',
          link: { target: 'https://track.example.cn/p/1', include_scheme: true },
        });
      expect(response.status).toBe(202);
      const [link] = await linksOf([response.body.id]);
      expect(link!.content).toBe(`【通道商城】您的包裹已发出，查看物流 https://${HOST}/${link!.code}`);
      expect(response.body.segments).toBe(countSegments(link!.content).segments);
      expect(link!.target_url).toBe('https://track.example.cn/p/1?utm_source=sms&utm_medium=notification');
    });

    it('refuses a link without a placeholder, a bad target, a foreign domain and reserved parameters', async () => {
      const noPlaceholder = await api.http
        .post('/v1/messages')
        .set(bearer(key))
        .send({
          signature: '通道商城',
          content: '没有链接',
          phone: '13700137001',
          link: { target: 'https://a.cn/' },
        });
      expect(noPlaceholder.status).toBe(422);
      expect(noPlaceholder.body.error).toMatchObject({ code: 'LINK_PLACEHOLDER_MISSING', field: 'content' });
      const cases: Array<[object, string, string]> = [
        [{ target: 'javascript:alert(1)' }, 'TARGET_URL_SCHEME_NOT_ALLOWED', 'link.target'],
        [{ target: 'https://a.cn/', domain: 'evil.example.com' }, 'SHORT_DOMAIN_NOT_USABLE', 'link.domain'],
        [
          { target: 'https://a.cn/', params: { utm_source: 'x' } },
          'VALIDATION_FAILED',
          'link.params.utm_source',
        ],
        [{ target: 'https://a.cn/', surprise: 1 }, 'UNKNOWN_FIELD', 'link.surprise'],
      ];
      for (const [link, code, field] of cases) {
        const response = await api.http
          .post('/v1/messages')
          .set(bearer(key))
          .send({ signature: '通道商城', content: '看 ${link}', phone: '13700137002', link });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.error).toMatchObject({ code, field });
      }
    });
  });

  describe('rollups, analytics and conversions', () => {
    let links: LinkRow[];
    let batchId: string;
    const consumer = new LinkFunnelConsumer();
    const t0 = new Date('2026-11-30T01:00:00Z'); // Monday 09:00 in Shanghai

    beforeAll(async () => {
      const response = await sendBatch(batchBody('spring'));
      expect(response.status).toBe(202);
      batchId = response.body.batch_id;
      const ids = (response.body.results as Array<{ id: string }>).map((result) => result.id);
      const rows = await linksOf(ids);
      links = ids.map((id) => rows.find((row) => row.message_id === id)!);
    });

    const events = () => [
      ...links.map((link) => outboxEvent(link.message_id, MessageStatus.Submitted, t0, 'cmpp-a')),
      ...links
        .slice(0, 3)
        .map((link) =>
          outboxEvent(link.message_id, MessageStatus.Delivered, new Date(t0.getTime() + 5_000), 'cmpp-a'),
        ),
    ];

    const analytics = async (path: string, apiKey = key) => {
      const response = await api.http.get(`/v1/analytics/${path}`).set(bearer(apiKey));
      expect(response.status).toBe(200);
      return response.body;
    };

    it('counts sent and delivered once, even when the outbox hands the events over again', async () => {
      await api.database.dataSource.transaction((tx) => consumer.handle(events(), tx));
      await api.database.dataSource.transaction((tx) => consumer.handle(events(), tx));
      const report = await analytics(`batches/${batchId}`);
      expect(report.funnel).toMatchObject({ sent: 4, delivered: 3, clicked: 0, delivery_rate: 0.75 });
      expect(report.funnel.by_channel).toEqual([
        expect.objectContaining({ channel: 'cmpp-a', sent: 4, delivered: 3 }),
      ]);
    });

    it('rolls clicks up: humans vs previews, unique recipients, heatmap, devices, places, delay — and a replay adds nothing', async () => {
      const clicks = [
        { clickId: 'k1', link: 0, at: 30_000, clickClass: 'human' as const },
        { clickId: 'k2', link: 0, at: 600_000, clickClass: 'human' as const },
        {
          clickId: 'k3',
          link: 1,
          at: 120_000,
          clickClass: 'human' as const,
          device: 'desktop',
          os: 'Windows',
        },
        { clickId: 'k4', link: 1, at: 6_000, clickClass: 'preview' as const, reason: 'wechat_preview' },
        { clickId: 'k5', link: 2, at: 9_000, clickClass: 'scanner' as const, reason: 'tencent_scanner' },
      ].map((click) => ({
        clickId: `${batchId}-${click.clickId}`,
        linkId: links[click.link]!.link_id,
        accountId: customer.id,
        occurredAt: new Date(t0.getTime() + click.at),
        clickClass: click.clickClass,
        reason: click.reason,
        device: click.device,
        os: click.os,
      }));
      expect(await storeClicks(api.database.dataSource, clicks)).toBe(5);
      expect(await storeClicks(api.database.dataSource, clicks)).toBe(0);
      const report = await analytics(`batches/${batchId}`);
      expect(report.clicks).toEqual({
        total: 5,
        human: 3,
        non_human: 2,
        by_class: { human: 3, preview: 1, scanner: 1, bot: 0 },
        non_human_reasons: { 'preview:wechat_preview': 1, 'scanner:tencent_scanner': 1 },
      });
      expect(report.unique_clickers).toBe(2);
      expect(report.heatmap.matrix[0][9]).toBe(3);
      expect(report.devices).toEqual({ mobile: 2, desktop: 1 });
      expect(report.os).toEqual({ iOS: 2, Windows: 1 });
      expect(report.provinces).toEqual({ 广东: 3 });
      expect(report.cities).toEqual({ '广东/深圳': 3 });
      // first human clicks 25 s and 115 s after delivery
      expect(report.first_click_delay.buckets).toMatchObject({ lt_1m: 1, '1m_5m': 1 });
      expect(report.first_click_delay.clickers).toBe(2);
      expect(report.funnel).toMatchObject({ sent: 4, delivered: 3, clicked: 2, click_rate: 0.6667 });
      expect(
        report.funnel.by_carrier.find((row: { carrier: string }) => row.carrier === 'CMCC'),
      ).toMatchObject({
        clicked: 2,
      });

      const link = await analytics(`links/${links[0]!.link_id}`);
      expect(link.clicks.human).toBe(2);
      expect(link.unique_clickers).toBe(1);
      expect(link.funnel).toMatchObject({ sent: 1, delivered: 1, clicked: 1, converted: 0 });
      expect(link.first_click_delay).toMatchObject({
        clickers: 1,
        buckets: expect.objectContaining({ lt_1m: 1 }),
      });
      const campaign = await analytics('campaigns/spring');
      expect(campaign.unique_clickers).toBe(2);
      const account = await analytics('account');
      expect(account.clicks.human).toBeGreaterThanOrEqual(3);
    });

    it('filters by Asia/Shanghai days', async () => {
      const sameDay = await analytics(`batches/${batchId}?from=2026-11-30&to=2026-11-30`);
      expect(sameDay.clicks.total).toBe(5);
      expect(sameDay.range).toEqual({ from: '2026-11-30', to: '2026-11-30', time_zone: 'Asia/Shanghai' });
      const before = await analytics(`batches/${batchId}?from=2026-11-01&to=2026-11-29`);
      expect(before.clicks.total).toBe(0);
      const bad = await api.http.get(`/v1/analytics/batches/${batchId}?from=2026-11-30`).set(bearer(key));
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('to');
    });

    it('attributes conversions by click id, link code and message id, idempotently, into the funnel', async () => {
      const byClick = await api.http
        .post('/v1/conversions')
        .set(bearer(key))
        .send({
          click_id: `${batchId}-k1`,
          event: 'purchase',
          value: '199.90',
          idempotency_key: `order-${batchId}-1`,
        });
      expect(byClick.status).toBe(201);
      expect(byClick.body).toMatchObject({
        event: 'purchase',
        value: '199.90',
        value_minor: 19990,
        currency: 'CNY',
        link_id: links[0]!.link_id,
        message_id: links[0]!.message_id,
        recipient_id: links[0]!.recipient_id,
        batch_id: batchId,
        campaign_ref: 'spring',
      });
      const retry = await api.http
        .post('/v1/conversions')
        .set(bearer(key))
        .send({
          click_id: `${batchId}-k1`,
          event: 'purchase',
          value: '199.90',
          idempotency_key: `order-${batchId}-1`,
        });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(byClick.body.id);
      const reused = await api.http
        .post('/v1/conversions')
        .set(bearer(key))
        .send({
          click_id: `${batchId}-k1`,
          event: 'purchase',
          value: '1.00',
          idempotency_key: `order-${batchId}-1`,
        });
      expect(reused.status).toBe(409);
      const byCode = await api.http
        .post('/v1/conversions')
        .set(bearer(key))
        .send({ link_code: links[1]!.code, domain: HOST, event: 'signup', value_minor: 0 });
      expect(byCode.status).toBe(201);
      const byMessage = await api.http
        .post('/v1/conversions')
        .set(bearer(key))
        .send({ message_id: links[0]!.message_id, event: 'purchase', value_minor: 5000 });
      expect(byMessage.status).toBe(201);

      const report = await analytics(`batches/${batchId}`);
      expect(report.funnel).toMatchObject({
        sent: 4,
        delivered: 3,
        clicked: 2,
        converted: 2,
        conversion_rate: 1,
      });
      expect(report.conversions).toEqual({
        count: 3,
        value: '249.90',
        value_minor: 24990,
        by_event: { purchase: { count: 2, value_minor: 24990 }, signup: { count: 1, value_minor: 0 } },
      });
    });

    it('answers unknown click, link and message with codes, and bad values with the field', async () => {
      const cases: Array<[object, number, string, string]> = [
        [{ click_id: 'nope', event: 'purchase' }, 404, 'CONVERSION_CLICK_UNKNOWN', 'click_id'],
        [{ link_code: 'ZZZZZZ', event: 'purchase' }, 404, 'CONVERSION_LINK_UNKNOWN', 'link_code'],
        [{ message_id: randomUUID(), event: 'purchase' }, 404, 'CONVERSION_MESSAGE_UNKNOWN', 'message_id'],
        [
          { message_id: links[0]!.message_id, event: 'purchase', value: 19.9 },
          400,
          'VALIDATION_FAILED',
          'value',
        ],
        [{ event: 'purchase' }, 400, 'VALIDATION_FAILED', 'click_id'],
      ];
      for (const [body, status, code, field] of cases) {
        const response = await api.http.post('/v1/conversions').set(bearer(key)).send(body);
        expect(response.status).toBe(status);
        expect(response.body.error).toMatchObject({ code, field });
      }
    });

    it('keeps tenants apart', async () => {
      const other = await api.seed.createAccount(api.seed.operator, 'customer');
      const otherKey = (await api.seed.issueKey(other)).fullKey;
      const batch = await analytics(`batches/${batchId}`, otherKey);
      expect(batch.clicks.total).toBe(0);
      expect(batch.funnel.sent).toBe(0);
      const link = await api.http.get(`/v1/analytics/links/${links[0]!.link_id}`).set(bearer(otherKey));
      expect(link.status).toBe(404);
      const conversion = await api.http
        .post('/v1/conversions')
        .set(bearer(otherKey))
        .send({ click_id: `${batchId}-k1`, event: 'purchase' });
      expect(conversion.status).toBe(404);
      // the operator (an ancestor) sees the customer's batch
      const parent = await analytics(`batches/${batchId}`, api.seed.operatorKey);
      expect(parent.clicks.total).toBe(5);
    });
  });
});
