import { AccountEntity } from '@tongdao/database/entities';
import { linkCacheKey } from '@tongdao/short-links';
import { ApiTestApp, createApiTestApp } from '../support/api-app';

jest.setTimeout(120_000);

describe('short domains and links API', () => {
  let t: ApiTestApp;
  let reseller: AccountEntity;
  let customer: AccountEntity;
  let sibling: AccountEntity;
  let resellerKey: string;
  let customerKey: string;
  let siblingKey: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createApiTestApp({ SHORT_LINK_DEFAULT_DOMAIN: 't.tongdao.test', SHORT_LINK_BULK_MAX: '5000' });
    reseller = await t.seed.createAccount(t.seed.operator, 'reseller');
    customer = await t.seed.createAccount(reseller);
    sibling = await t.seed.createAccount(reseller);
    resellerKey = (await t.seed.issueKey(reseller)).fullKey;
    customerKey = (await t.seed.issueKey(customer)).fullKey;
    siblingKey = (await t.seed.issueKey(sibling)).fullKey;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('domains', () => {
    it('lists the seeded platform default', async () => {
      const response = await t.http.get('/v1/short-domains').set(auth(customerKey)).expect(200);
      expect(response.body.data).toEqual([
        expect.objectContaining({
          host: 't.tongdao.test',
          status: 'approved',
          is_default: true,
          account_id: null,
        }),
      ]);
    });

    it('registers a domain pending; the parent approves it; the customer cannot approve its own', async () => {
      const created = await t.http
        .post('/v1/short-domains')
        .set(auth(customerKey))
        .send({ host: 'T.Brand.test' })
        .expect(201);
      expect(created.body).toMatchObject({
        host: 't.brand.test',
        status: 'pending',
        account_id: customer.id,
      });
      const id = created.body.id as string;
      await expect(
        t.http
          .post('/v1/links')
          .set(auth(customerKey))
          .send({ target_url: 'https://a.example.com/', domain: 't.brand.test' }),
      ).resolves.toMatchObject({
        status: 422,
        body: { error: { code: 'SHORT_DOMAIN_NOT_USABLE', field: 'domain' } },
      });
      const own = await t.http.post(`/v1/short-domains/${id}/approve`).set(auth(customerKey)).send({});
      expect(own.status).toBe(403);
      const sib = await t.http.post(`/v1/short-domains/${id}/approve`).set(auth(siblingKey)).send({});
      expect(sib.status).toBe(404);
      const approved = await t.http
        .post(`/v1/short-domains/${id}/approve`)
        .set(auth(resellerKey))
        .send({})
        .expect(200);
      expect(approved.body.status).toBe('approved');
      const again = await t.http.post(`/v1/short-domains/${id}/reject`).set(auth(resellerKey)).send({});
      expect(again.body.error.code).toBe('ALREADY_REVIEWED');
      const link = await t.http
        .post('/v1/links')
        .set(auth(customerKey))
        .send({ target_url: 'https://a.example.com/', domain: 't.brand.test' })
        .expect(201);
      expect(link.body.short_url).toMatch(/^https:\/\/t\.brand\.test\/[2-9A-HJ-NP-Za-km-z]{6}$/);
      // The sibling may not put links on it.
      const foreign = await t.http
        .post('/v1/links')
        .set(auth(siblingKey))
        .send({ target_url: 'https://a.example.com/', domain: 't.brand.test' });
      expect(foreign.body.error.code).toBe('SHORT_DOMAIN_NOT_USABLE');
    });

    it('refuses a taken host and bad hosts', async () => {
      const taken = await t.http
        .post('/v1/short-domains')
        .set(auth(siblingKey))
        .send({ host: 't.brand.test' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('SHORT_DOMAIN_TAKEN');
      for (const host of ['localhost', '1.2.3.4', 'brand.test:8080', 'bad_host.test'])
        await expect(
          t.http.post('/v1/short-domains').set(auth(siblingKey)).send({ host }),
        ).resolves.toMatchObject({
          status: 400,
          body: { error: { code: 'SHORT_DOMAIN_INVALID', field: 'host' } },
        });
    });

    it('withdraws a domain without links (deleted) and one with links (disabled)', async () => {
      const empty = await t.http
        .post('/v1/short-domains')
        .set(auth(siblingKey))
        .send({ host: 'empty.test' })
        .expect(201);
      await t.http.delete(`/v1/short-domains/${empty.body.id}`).set(auth(siblingKey)).expect(204);
      await t.http.get(`/v1/short-domains/${empty.body.id}`).set(auth(siblingKey)).expect(404);
      const used = (await t.http.get('/v1/short-domains').set(auth(customerKey))).body.data.find(
        (d: { host: string }) => d.host === 't.brand.test',
      );
      await t.http.delete(`/v1/short-domains/${used.id}`).set(auth(customerKey)).expect(204);
      const after = await t.http.get(`/v1/short-domains/${used.id}`).set(auth(customerKey)).expect(200);
      expect(after.body.status).toBe('disabled');
      const platform = (await t.http.get('/v1/short-domains').set(auth(customerKey))).body.data.find(
        (d: { is_default: boolean }) => d.is_default,
      );
      await t.http.delete(`/v1/short-domains/${platform.id}`).set(auth(customerKey)).expect(404);
    });
  });

  describe('links', () => {
    it('creates a link with a custom code, tags, expiry and cap', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const response = await t.http
        .post('/v1/links')
        .set(auth(customerKey))
        .send({
          target_url: 'https://shop.example.cn/p?id=1',
          code: 'sale1',
          tags: ['spring'],
          expires_at: expiresAt,
          click_cap: 5,
        })
        .expect(201);
      expect(response.body).toMatchObject({
        short_url: 'https://t.tongdao.test/sale1',
        code: 'sale1',
        domain: 't.tongdao.test',
        target_url: 'https://shop.example.cn/p?id=1',
        tags: ['spring'],
        expires_at: expiresAt,
        click_cap: 5,
        status: 'active',
        account_id: customer.id,
      });
      const taken = await t.http
        .post('/v1/links')
        .set(auth(siblingKey))
        .send({ target_url: 'https://x.example.cn/', code: 'sale1' });
      expect(taken.status).toBe(409);
      expect(taken.body.error).toMatchObject({ code: 'SHORT_CODE_TAKEN', field: 'code' });
    });

    it.each([
      ['javascript:alert(1)', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
      ['data:text/html;base64,PHNjcmlwdD4=', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
      ['ftp://example.com/x', 'TARGET_URL_SCHEME_NOT_ALLOWED'],
      ['https://user:pw@example.com/', 'TARGET_URL_CREDENTIALS_NOT_ALLOWED'],
      ['https://exa mple.com/', 'TARGET_URL_CONTROL_CHARACTERS'],
      ['https://example.com/\u0007', 'TARGET_URL_CONTROL_CHARACTERS'],
      ['https://localhost/', 'TARGET_URL_HOST_INVALID'],
      ['example.com/path', 'TARGET_URL_INVALID'],
      [`https://example.com/${'a'.repeat(2100)}`, 'TARGET_URL_TOO_LONG'],
    ])('refuses target %s with %s', async (target, code) => {
      const response = await t.http.post('/v1/links').set(auth(customerKey)).send({ target_url: target });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code, field: 'target_url' });
    });

    it('refuses bad codes, past expiry and bad caps naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ code: 'ab' }, 'SHORT_CODE_INVALID', 'code'],
        [{ code: 'a/b/c/d' }, 'SHORT_CODE_INVALID', 'code'],
        [{ code: 'healthz' }, 'SHORT_CODE_INVALID', 'code'],
        [{ expires_at: '2001-01-01T00:00:00Z' }, 'VALIDATION_FAILED', 'expires_at'],
        [{ click_cap: 0 }, 'VALIDATION_FAILED', 'click_cap'],
        [{ nonsense: 1 }, 'UNKNOWN_FIELD', 'nonsense'],
      ];
      for (const [extra, code, field] of cases) {
        const response = await t.http
          .post('/v1/links')
          .set(auth(customerKey))
          .send({ target_url: 'https://ok.example.com/', ...extra });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.error).toMatchObject({ code, field });
      }
    });

    it('gets, updates, disables and deletes within the tenant scope, invalidating the cache', async () => {
      const created = await t.http
        .post('/v1/links')
        .set(auth(customerKey))
        .send({ target_url: 'https://one.example.com/', tags: ['x'] })
        .expect(201);
      const id = created.body.id as string;
      await t.http.get(`/v1/links/${id}`).set(auth(siblingKey)).expect(404);
      await t.http.get(`/v1/links/${id}`).set(auth(resellerKey)).expect(200);
      await t.http.get('/v1/links/abc').set(auth(customerKey)).expect(400);
      const key = linkCacheKey('t.tongdao.test', created.body.code as string);
      await t.redis.redis.set(key, 'stale');
      const patched = await t.http
        .patch(`/v1/links/${id}`)
        .set(auth(customerKey))
        .send({ target_url: 'https://two.example.com/', click_cap: null })
        .expect(200);
      expect(patched.body.target_url).toBe('https://two.example.com/');
      expect(await t.redis.redis.get(key)).toBeNull();
      await t.http
        .patch(`/v1/links/${id}`)
        .set(auth(siblingKey))
        .send({ target_url: 'https://evil.example.com/' })
        .expect(404);
      const bad = await t.http
        .patch(`/v1/links/${id}`)
        .set(auth(customerKey))
        .send({ target_url: 'javascript:x' });
      expect(bad.body.error).toMatchObject({ code: 'TARGET_URL_SCHEME_NOT_ALLOWED', field: 'target_url' });
      const disabled = await t.http.post(`/v1/links/${id}/disable`).set(auth(customerKey)).expect(200);
      expect(disabled.body.status).toBe('disabled');
      const enabled = await t.http.post(`/v1/links/${id}/enable`).set(auth(customerKey)).expect(200);
      expect(enabled.body.status).toBe('active');
      await t.http.delete(`/v1/links/${id}`).set(auth(siblingKey)).expect(404);
      await t.http.delete(`/v1/links/${id}`).set(auth(customerKey)).expect(204);
      await t.http.get(`/v1/links/${id}`).set(auth(customerKey)).expect(404);
    });

    it('creates links in bulk from streamed NDJSON, reporting each line in order', async () => {
      const lines: string[] = [];
      for (let i = 0; i < 4500; i += 1)
        lines.push(JSON.stringify({ target_url: `https://bulk.example.com/${i}`, tags: ['bulk'] }));
      lines[10] = JSON.stringify({ target_url: 'javascript:alert(1)' });
      lines[20] = '{not json';
      lines[30] = JSON.stringify({ target_url: 'https://bulk.example.com/custom', code: 'sale1' });
      lines[40] = JSON.stringify({ target_url: 'https://bulk.example.com/d', domain: 'nope.test' });
      const response = await t.http
        .post('/v1/links/bulk')
        .set(auth(customerKey))
        .set('Content-Type', 'application/x-ndjson')
        .send(lines.join('\n') + '\n')
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(response.headers['content-type']).toMatch(/application\/x-ndjson/);
      const out = (response.body as string)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(out).toHaveLength(4501);
      expect(out.slice(0, -1).map((line: { line: number }) => line.line)).toEqual(lines.map((_, i) => i + 1));
      expect(out[10]).toMatchObject({
        status: 'rejected',
        error: { code: 'TARGET_URL_SCHEME_NOT_ALLOWED', field: 'target_url' },
      });
      expect(out[20]).toMatchObject({ status: 'rejected', error: { code: 'MALFORMED_JSON' } });
      expect(out[30]).toMatchObject({ status: 'rejected', error: { code: 'SHORT_CODE_TAKEN' } });
      expect(out[40]).toMatchObject({
        status: 'rejected',
        error: { code: 'SHORT_DOMAIN_NOT_USABLE', field: 'domain' },
      });
      expect(out[0]).toMatchObject({
        status: 'created',
        short_url: expect.stringMatching(/^https:\/\/t\.tongdao\.test\//),
      });
      expect(out[4500]).toEqual({
        summary: { received: 4500, created: 4496, rejected: 4, truncated: false },
      });
      const [{ count }] = (await t.database.dataSource.query(
        `SELECT count(*)::int AS count FROM short_links WHERE account_id = $1 AND 'bulk' = ANY(tags)`,
        [customer.id],
      )) as Array<{ count: number }>;
      expect(count).toBe(4496);
    });

    it('takes a JSON array too, and stops at SHORT_LINK_BULK_MAX', async () => {
      const links = Array.from({ length: 5002 }, (_, i) => ({ target_url: `https://arr.example.com/${i}` }));
      const response = await t.http
        .post('/v1/links/bulk')
        .set(auth(siblingKey))
        .send(links)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      const out = (response.body as string)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(out[5000]).toMatchObject({
        line: 5001,
        status: 'rejected',
        error: { code: 'LINK_BULK_TOO_LARGE' },
      });
      expect(out[5001]).toEqual({ summary: { received: 5000, created: 5000, rejected: 1, truncated: true } });
    });

    it('lists by tag with a cursor, newest first, only the caller’s', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: {
          body: { data: Array<{ id: string; account_id: string }>; next_cursor: string | null };
        } = await t.http
          .get('/v1/links')
          .query({ tag: 'bulk', limit: '1000', ...(cursor ? { cursor } : {}) })
          .set(auth(customerKey))
          .expect(200);
        for (const link of response.body.data) {
          expect(link.account_id).toBe(customer.id);
          seen.push(link.id);
        }
        cursor = response.body.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(4496);
      expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
      const sibling = await t.http.get('/v1/links').query({ tag: 'bulk' }).set(auth(siblingKey)).expect(200);
      expect(sibling.body.data).toEqual([]);
      await t.http.get('/v1/links').query({ cursor: 'bm9wZQ' }).set(auth(customerKey)).expect(400);
    });
  });
});
