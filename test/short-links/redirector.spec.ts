import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@tongdao/config';
import { ClickRepository, ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import { ClickHooks, ClickRecord, encodeClickEvent, LinkCacheBus, RedisClickLog } from '@tongdao/short-links';
import {
  createTestDatabase,
  createTestRedis,
  freePorts,
  TestDatabase,
  TestRedis,
  waitFor,
} from '@tongdao/testing';
import { UuidV7Generator } from '../../apps/api/src/common/uuid-v7';
import { bootstrapRedirector } from '../../apps/redirector/src/redirector.bootstrap';
import { closeRedirectClient, hit } from './redirect-client';

jest.setTimeout(120_000);

const HOST = 't.redirect.test';

describe('redirector (in process, real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let app: INestApplication;
  let port: number;
  const links = new ShortLinkRepository();
  const domains = new ShortDomainRepository();
  const accountId = randomUUID();
  let domainId: string;
  const hooked: ClickRecord[] = [];

  async function link(
    code: string,
    extra: Partial<Parameters<ShortLinkRepository['insertMany']>[1][number]> = {},
  ) {
    const [inserted] = await links.insertMany(database.dataSource, [
      { domainId, accountId, targetUrl: `https://target.example.com/${code}`, code, ...extra },
    ]);
    return inserted!;
  }

  async function clicksFor(linkId: string): Promise<number> {
    return new ClickRepository().countForLink(database.dataSource, linkId);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await createTestRedis();
    [port] = await freePorts(1);
    await database.dataSource.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'op')`,
      [accountId, `/${accountId}/`],
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      REDIRECTOR_PORT: String(port),
      SHORT_LINK_DEFAULT_DOMAIN: HOST,
      SHORT_LINK_CACHE_TTL_MS: '60000',
      SHORT_LINK_CLAIM_IDLE_MS: '1000',
    });
    domainId = (await database.dataSource.transaction((m) => domains.ensureDefault(m, HOST))).id;
    app = await bootstrapRedirector(config, { shutdownHooks: false });
    app.get(ClickHooks).register({
      onClicksStored: async (batch, runner) => {
        await runner.query('SELECT 1');
        hooked.push(...batch);
      },
    });
  });

  afterAll(async () => {
    closeRedirectClient();
    await app?.close();
    await redis?.close();
    await database?.drop();
  });

  it('answers 302 with the target and records the click, enriched, exactly once', async () => {
    const { id, code } = await link('go01');
    const answer = await hit(port, `${HOST}:${port}`, `/${code}?utm=x`, {
      headers: { referer: 'https://weixin.qq.com/' },
    });
    expect(answer).toMatchObject({ status: 302, location: 'https://target.example.com/go01', body: '' });
    expect(
      await waitFor(
        () => clicksFor(id),
        (count) => count === 1,
      ),
    ).toBe(1);
    const [row] = (await database.dataSource.query(`SELECT * FROM clicks WHERE link_id = $1`, [id])) as Array<
      Record<string, unknown>
    >;
    expect(row).toMatchObject({
      account_id: accountId,
      ip_prefix: '127.0.0.0/24',
      device: 'mobile',
      class: 'human',
      reason: 'browser',
      referrer: 'https://weixin.qq.com/',
      method: 'GET',
    });
    expect(hooked.map((click) => click.linkId)).toContain(id);
  });

  it('answers 404 for unknown codes and hosts, 405 for other methods, with a page', async () => {
    const unknown = await hit(port, HOST, '/nope1');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('This short link does not exist');
    const bad = await hit(port, HOST, '/a/b/c');
    expect(bad.status).toBe(404);
    const host = await hit(port, 'elsewhere.test', '/go01');
    expect(host.status).toBe(404);
    expect(host.body).toContain('no short links on this domain');
    expect((await hit(port, HOST, '/go01', { method: 'POST' })).status).toBe(405);
    expect((await hit(port, HOST, '/robots.txt')).body).toContain('Disallow: /');
    expect((await hit(port, HOST, '/healthz')).status).toBe(200);
    expect((await hit(port, HOST, '/metrics')).body).toContain('tongdao_redirects_total');
  });

  it('answers 410 for expired and disabled links', async () => {
    const expired = await link('old1', { expiresAt: new Date(Date.now() - 1000) });
    const answer = await hit(port, HOST, '/old1');
    expect(answer.status).toBe(410);
    expect(answer.body).toContain('expired');
    const disabled = await link('off1');
    await links.setDisabled(database.dataSource, accountId, disabled.id, true);
    expect((await hit(port, HOST, '/off1')).status).toBe(410);
    expect(await clicksFor(expired.id)).toBe(0);
  });

  it('enforces a click cap atomically under concurrency; previews do not use it up', async () => {
    const capped = await link('cap1', { clickCap: 10 });
    const preview = await hit(port, HOST, '/cap1', { method: 'HEAD' });
    expect(preview.status).toBe(302);
    const answers = await Promise.all(Array.from({ length: 60 }, () => hit(port, HOST, '/cap1')));
    expect(answers.filter((a) => a.status === 302)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 410)).toHaveLength(50);
    expect(answers.find((a) => a.status === 410)?.body).toContain('visit limit');
    expect(
      await waitFor(
        () => clicksFor(capped.id),
        (count) => count === 11,
      ),
    ).toBe(11);
  });

  it('lets a capped link’s counter expire a day after the link does', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const capped = await link('cap2', { clickCap: 3, expiresAt });
    expect((await hit(port, HOST, '/cap2')).status).toBe(302);
    const expireAt = await redis.redis.pexpiretime(`short-links:cap:${capped.id}`);
    expect(expireAt).toBe(expiresAt.getTime() + 86_400_000);
  });

  it('sees a changed target, a disabled link and a new domain at once through the cache notices', async () => {
    const changed = await link('chg1');
    expect((await hit(port, HOST, '/chg1')).location).toBe('https://target.example.com/chg1');
    const bus = new LinkCacheBus(redis.redis, redis.keyPrefix);
    await links.update(database.dataSource, accountId, changed.id, { targetUrl: 'https://new.example.com/' });
    await bus.linkChanged(HOST, 'chg1');
    const after = await waitFor(
      () => hit(port, HOST, '/chg1'),
      (answer) => answer.location === 'https://new.example.com/',
      10_000,
    );
    expect(after.location).toBe('https://new.example.com/');
    await links.setDisabled(database.dataSource, accountId, changed.id, true);
    await bus.linkChanged(HOST, 'chg1');
    expect(
      (
        await waitFor(
          () => hit(port, HOST, '/chg1'),
          (answer) => answer.status === 410,
          10_000,
        )
      ).status,
    ).toBe(410);

    const other = await database.dataSource.transaction(async (m) => {
      const pending = await domains.insertPending(m, accountId, 'go.other.test');
      await domains.decide(m, pending!.id, {
        status: 'approved',
        reviewerAccountId: accountId,
        reason: null,
      });
      return pending!;
    });
    await links.insertMany(database.dataSource, [
      { domainId: other.id, accountId, targetUrl: 'https://other.example.com/', code: 'oth1' },
    ]);
    await bus.domainsChanged();
    const answer = await waitFor(
      () => hit(port, 'go.other.test', '/oth1'),
      (a) => a.status === 302,
      10_000,
    );
    expect(answer.location).toBe('https://other.example.com/');
  });

  it('classifies previewers and bots, and stores them without counting them as people', async () => {
    const { id } = await link('cls1');
    for (const userAgent of ['DingTalkBot-LinkService/1.0', 'curl/8.0', ''])
      expect((await hit(port, HOST, '/cls1', { userAgent })).status).toBe(302);
    await waitFor(
      () => clicksFor(id),
      (count) => count === 3,
    );
    const rows = (await database.dataSource.query(
      `SELECT class, reason FROM clicks WHERE link_id = $1 ORDER BY id`,
      [id],
    )) as Array<{ class: string; reason: string }>;
    expect(rows).toEqual([
      { class: 'preview', reason: 'previewer:dingtalk' },
      { class: 'bot', reason: 'known_bot' },
      { class: 'bot', reason: 'empty_user_agent' },
    ]);
  });

  it('attributes the click to the message and recipient, with the delay since delivery', async () => {
    const messageId = new UuidV7Generator().next();
    const deliveredAt = new Date(Date.now() - 5_000);
    await database.dataSource.query(
      `INSERT INTO messages (id, created_at, account_id, phone, content, signature, kind, encoding, segments, status,
         send_at, done_at, updated_at)
       VALUES ($1, $2, $3, '+8613800138000', 'x', 'Tongdao', 'marketing', 'UCS2', 1, 'DELIVERED', $2, $4, now())`,
      [messageId, new Date(parseInt(messageId.replace(/-/g, '').slice(0, 12), 16)), accountId, deliveredAt],
    );
    const { id } = await link('msg1', { messageId, recipientId: 'rcpt-9f2c' });
    expect((await hit(port, HOST, '/msg1')).status).toBe(302);
    await waitFor(
      () => clicksFor(id),
      (count) => count === 1,
    );
    const [row] = (await database.dataSource.query(
      `SELECT message_id, recipient_id, delay_ms::int AS delay_ms FROM clicks WHERE link_id = $1`,
      [id],
    )) as Array<{ message_id: string; recipient_id: string; delay_ms: number }>;
    expect(row).toMatchObject({ message_id: messageId, recipient_id: 'rcpt-9f2c' });
    expect(row!.delay_ms).toBeGreaterThanOrEqual(5_000);
    expect(row!.delay_ms).toBeLessThan(120_000);
  });

  it('takes over entries a dead writer read and never acknowledged, and stores replays once', async () => {
    const { id } = await link('dead1');
    const log = new RedisClickLog(redis.redis);
    await log.prepare();
    const event = {
      linkId: id,
      accountId,
      messageId: null,
      recipientId: null,
      at: Date.now(),
      method: 'GET',
      ip: '223.104.3.4',
      userAgent: 'Mozilla/5.0 (Linux; Android 13) Chrome/116.0 Mobile Safari/537.36',
      referrer: null,
    };
    // Two entries carry the same click id: a click logged twice stays one click.
    for (const clickId of ['dead.1', 'dead.2', 'dead.2'])
      await log.append(encodeClickEvent({ ...event, clickId }), null);
    // A consumer takes entries then "dies" (never acknowledges). The writer competes for new entries, so retry the
    // read until the dead consumer got some, or the writer stored all of them.
    await log.readPending('dead-consumer', 10);
    await log.read('dead-consumer', 10, 1);
    expect(
      await waitFor(
        () => clicksFor(id),
        (count) => count === 2,
        20_000,
      ),
    ).toBe(2);
    expect(
      await waitFor(
        () => log.backlog(),
        (backlog) => backlog === 0,
        20_000,
      ),
    ).toBe(0);
    await log.close();
  });
});
