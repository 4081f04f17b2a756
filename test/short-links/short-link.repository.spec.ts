import { randomUUID } from 'node:crypto';
import { ShortCodeGenerator } from '@tongdao/short-links';
import { ShortDomainRepository, ShortLinkRepository } from '@tongdao/database';
import { createTestDatabase, TestDatabase } from '@tongdao/testing';

describe('short link and domain repositories (real PostgreSQL)', () => {
  let database: TestDatabase;
  const domains = new ShortDomainRepository();
  const links = new ShortLinkRepository(new ShortCodeGenerator(4));
  const operatorId = randomUUID();
  const customerId = randomUUID();
  const otherId = randomUUID();
  let domainId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.dataSource;
    await db.query(
      `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'op')`,
      [operatorId, `/${operatorId}/`],
    );
    for (const id of [customerId, otherId])
      await db.query(
        `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, $2, $3, 1, 'customer', 'c')`,
        [id, operatorId, `/${operatorId}/${id}/`],
      );
    domainId = (
      await database.dataSource.transaction((manager) => domains.ensureDefault(manager, 't.example.test'))
    ).id;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('seeds the default domain idempotently and moves the default flag', async () => {
    const again = await database.dataSource.transaction((m) => domains.ensureDefault(m, 't.example.test'));
    expect(again.id).toBe(domainId);
    const other = await database.dataSource.transaction((m) => domains.ensureDefault(m, 's.example.test'));
    expect(other.isDefault).toBe(true);
    expect((await domains.findUsable(database.dataSource, [customerId]))?.host).toBe('s.example.test');
    await database.dataSource.transaction((m) => domains.ensureDefault(m, 't.example.test'));
    expect((await domains.findUsable(database.dataSource, [customerId]))?.id).toBe(domainId);
    expect(await domains.isApprovedHost(database.dataSource, 's.example.test')).toBe(true);
  });

  it('keeps a host with one live owner; pending domains are not usable until approved', async () => {
    const pending = await domains.insertPending(database.dataSource, customerId, 'go.brand.test');
    expect(pending?.status).toBe('pending');
    expect(await domains.insertPending(database.dataSource, otherId, 'go.brand.test')).toBeNull();
    expect(
      await domains.findUsable(database.dataSource, [operatorId, customerId], 'go.brand.test'),
    ).toBeNull();
    await domains.decide(database.dataSource, pending!.id, {
      status: 'approved',
      reviewerAccountId: operatorId,
      reason: null,
    });
    expect(
      (await domains.findUsable(database.dataSource, [operatorId, customerId], 'go.brand.test'))?.id,
    ).toBe(pending!.id);
    expect(await domains.isUsableHostFor(database.dataSource, customerId, 'GO.brand.test')).toBe(true);
    expect(await domains.isUsableHostFor(database.dataSource, otherId, 'go.brand.test')).toBe(false);
    expect(await domains.isUsableHostFor(database.dataSource, otherId, 't.example.test')).toBe(true);
    expect(await domains.isUsableHostFor(database.dataSource, otherId, 'unknown.test')).toBe(false);
    // Another account cannot put links on it.
    expect(await domains.findUsable(database.dataSource, [operatorId, otherId], 'go.brand.test')).toBeNull();
    // Out of scope: the sibling does not see it.
    expect(
      await domains.findVisible(database.dataSource, `/${operatorId}/${otherId}/`, pending!.id),
    ).toBeNull();
    expect(await domains.findVisible(database.dataSource, `/${operatorId}/`, pending!.id)).not.toBeNull();
  });

  it('inserts many links in order, drawing codes, and reports taken custom codes as null', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      domainId,
      accountId: customerId,
      targetUrl: `https://shop.example.com/p/${i}`,
      tags: ['spring'],
    }));
    const inserted = await links.insertMany(database.dataSource, rows);
    expect(inserted.every((link) => link !== null)).toBe(true);
    expect(new Set(inserted.map((link) => link!.code)).size).toBe(12_000);
    const custom = await links.insertMany(database.dataSource, [
      { domainId, accountId: customerId, targetUrl: 'https://a.example.com/', code: 'sale' },
      { domainId, accountId: customerId, targetUrl: 'https://b.example.com/', code: 'sale' },
      { domainId, accountId: customerId, targetUrl: 'https://c.example.com/', code: inserted[5]!.code },
    ]);
    expect(custom[0]?.code).toBe('sale');
    expect(custom[1]).toBeNull();
    expect(custom[2]).toBeNull();
    const record = await links.findForRedirect(database.dataSource, 't.example.test', inserted[7]!.code);
    expect(record?.targetUrl).toBe('https://shop.example.com/p/7');
  });

  it('never hands one code out twice under concurrent inserts (4-character codes, unique index + retry)', async () => {
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, batch) =>
        links.insertMany(
          database.dataSource,
          Array.from({ length: 3000 }, (__, i) => ({
            domainId,
            accountId: customerId,
            targetUrl: `https://x.example.com/${batch}/${i}`,
          })),
        ),
      ),
    );
    const codes = batches.flat().map((link) => link!.code);
    expect(new Set(codes).size).toBe(codes.length);
    const [{ count }] = (await database.dataSource.query(
      `SELECT count(DISTINCT code)::int AS count FROM short_links WHERE target_url LIKE 'https://x.example.com/%'`,
    )) as Array<{ count: number }>;
    expect(count).toBe(18_000);
  });

  it('finds the links minted for messages', async () => {
    const messageId = randomUUID();
    const [minted] = await links.insertMany(database.dataSource, [
      { domainId, accountId: customerId, targetUrl: 'https://m.example.com/', messageId, recipientId: 'r1' },
    ]);
    const found = await links.findForMessages(database.dataSource, [messageId, randomUUID()]);
    expect(found.get(messageId)).toEqual([
      { id: minted!.id, code: minted!.code, host: 't.example.test', recipientId: 'r1' },
    ]);
    expect(found.size).toBe(1);
  });

  it('works inside a caller’s transaction and rolls back with it', async () => {
    await expect(
      database.dataSource.transaction(async (manager) => {
        const [link] = await links.insertMany(manager, [
          { domainId, accountId: customerId, targetUrl: 'https://rollback.example.com/', code: 'rb01' },
        ]);
        expect(link?.code).toBe('rb01');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await links.findForRedirect(database.dataSource, 't.example.test', 'rb01')).toBeNull();
  });

  it('scopes reads and changes to the owner and its ancestors', async () => {
    const [link] = await links.insertMany(database.dataSource, [
      {
        domainId,
        accountId: customerId,
        targetUrl: 'https://scoped.example.com/',
        tags: ['a', 'b'],
        clickCap: 3,
      },
    ]);
    const id = link!.id;
    expect(await links.findInScope(database.dataSource, `/${operatorId}/${otherId}/`, id)).toBeNull();
    expect((await links.findInScope(database.dataSource, `/${operatorId}/`, id))?.clickCap).toBe(3);
    expect(
      await links.update(database.dataSource, otherId, id, { targetUrl: 'https://evil.example.com/' }),
    ).toBe(false);
    expect(
      await links.update(database.dataSource, customerId, id, { targetUrl: 'https://new.example.com/' }),
    ).toBe(true);
    const page = await links.listForAccount(database.dataSource, customerId, { tag: 'b', limit: 10 });
    expect(page.map((l) => l.id)).toEqual([id]);
    expect(await links.listForAccount(database.dataSource, otherId, { limit: 10 })).toEqual([]);
    expect(await links.setDisabled(database.dataSource, customerId, id, true)).toBe(true);
    expect((await links.findForRedirect(database.dataSource, 't.example.test', link!.code))?.disabled).toBe(
      true,
    );
    expect(await links.softDelete(database.dataSource, customerId, id)).toBe(true);
    expect(await links.findForRedirect(database.dataSource, 't.example.test', link!.code)).toBeNull();
    expect(await links.findInScope(database.dataSource, `/${operatorId}/`, id)).toBeNull();
  });

  it('paginates by id, newest first', async () => {
    const account = customerId;
    const all: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await links.listForAccount(database.dataSource, account, {
        tag: 'spring',
        limit: 5000,
        afterId,
      });
      if (page.length === 0) break;
      all.push(...page.map((l) => l.id));
      const last = page[page.length - 1]!;
      afterId = last.id;
    }
    expect(all).toHaveLength(12_000);
    expect(new Set(all).size).toBe(12_000);
  });
});
