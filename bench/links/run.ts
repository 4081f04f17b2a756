/**
 * Link attribution benchmark (issue 8, points 9b and 9c).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:links
 *   LINKS_MINT=1000000 LINKS_CLICKS=10000000 … npm run bench:links          # full size (the defaults)
 *   LINKS_MINT=100000 LINKS_CLICKS=500000 … npm run bench:links             # a quick run on a busy machine
 *
 * (a) Mints LINKS_MINT per-recipient links through RecipientLinks.mint, the code path of message acceptance: a
 *     code drawn per recipient, the tracked target, the pseudonymous recipient id, short_links and message_links
 *     rows, in transactions of LINKS_BATCH (default 10,000, the API's batch limit) with LINKS_CONCURRENCY (default
 *     4) at once. Target: 1,000,000 in under 60 s.
 * (b) Stores LINKS_ROLLUP_SAMPLE clicks (default 100,000) through ClickRollup in writer-sized batches (1,000), for
 *     the incremental rollup rate; then seeds LINKS_CLICKS clicks over those links with generate_series and their
 *     rollups with one aggregation (the same counters ClickRollup keeps), and times the analytics reads
 *     (AttributionStore.readCounters, for a link also its message_links row, + buildAnalyticsReport: what the API
 *     runs) per campaign, account, batch and link: LINKS_QUERY_RUNS (default 30) runs each. Target: under 100 ms. A COUNT(*) over the raw clicks is timed
 *     once for contrast.
 * A fresh database is created on DATABASE_URL's server and dropped afterwards.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildAnalyticsReport, ClickFacts, linkStepCounters, ScopeKind } from '@tongdao/attribution';
import { AttributionStore, ClickRollup } from '@tongdao/attribution-store';
import { loadConfig } from '@tongdao/config';
import { dataSourceOptions, migrateWithLock } from '@tongdao/database';
import { MessageStatus } from '@tongdao/lifecycle';
import { ShortCodeGenerator } from '@tongdao/short-links';
import { LinkDomainRepository } from '../../apps/api/src/attribution/link-domain.repository';
import { RecipientLinkPlan } from '../../apps/api/src/attribution/recipient-link-plan';
import { RecipientLinks } from '../../apps/api/src/attribution/recipient-links';
import { ComposedMessage } from '../../apps/api/src/messages/message-composer';
import { NewMessageBatch } from '../../apps/api/src/messages/new-message-batch';
import { UuidV7Generator } from '../../apps/api/src/common/uuid-v7';
import { withClient, withDatabase } from '../support/database';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const MINT = env('LINKS_MINT', 1_000_000);
const BATCH = env('LINKS_BATCH', 10_000);
const CONCURRENCY = env('LINKS_CONCURRENCY', 4);
const CLICKS = env('LINKS_CLICKS', 10_000_000);
const ROLLUP_SAMPLE = env('LINKS_ROLLUP_SAMPLE', 100_000);
const QUERY_RUNS = env('LINKS_QUERY_RUNS', 30);
const SEED_CHUNK = 1_000_000;
const CAMPAIGN = 'bench-d11';
const HOST = 't.bench.cn';
const PROVINCES = ['广东', '浙江', '江苏', '北京', '上海', '四川', '山东', '河南'];
const CARRIERS = ['CMCC', 'CUCC', 'CTCC'];

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it)');
  const name = `tongdao_bench_links_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: CONCURRENCY + 2, applicationName: 'bench-links' }),
  );
  await dataSource.initialize();
  try {
    await migrateWithLock(dataSource);
    const accountId = await seedAccount(dataSource);
    const domainId = randomUUID();
    await dataSource.query(
      `INSERT INTO short_domains (id, host, status, is_default, decided_at) VALUES ($1, $2, 'approved', true, now())`,
      [domainId, HOST],
    );
    const mint = await mintLinks(dataSource, url, accountId, domainId);
    const rollup = await rollupSample(dataSource, accountId);
    const seeded = await seedClicks(dataSource, accountId);
    const queries = await timeQueries(dataSource, accountId, seeded);
    console.log('');
    console.log(
      `bench:links mint: ${MINT} links in ${mint.seconds.toFixed(1)} s = ${Math.round(MINT / mint.seconds)} links/s ` +
        `(batches of ${BATCH}, ${CONCURRENCY} concurrent; target 1,000,000 < 60 s)`,
    );
    console.log(
      `bench:links click rollup: ${ROLLUP_SAMPLE} clicks through ClickRollup at ${Math.round(rollup)} clicks/s`,
    );
    console.log(`bench:links clicks stored: ${seeded.clicks} (seeded in ${seeded.seconds.toFixed(1)} s)`);
    for (const query of queries)
      console.log(
        `bench:links analytics ${query.scope.padEnd(8)}: p50 ${query.p50.toFixed(1)} ms, p95 ${query.p95.toFixed(1)} ms, ` +
          `max ${query.max.toFixed(1)} ms over ${QUERY_RUNS} runs (${query.rows} counter rows; target < 100 ms)`,
      );
    console.log(
      `bench:links contrast: COUNT(*) of the account's raw clicks took ${seeded.rawCountMs.toFixed(0)} ms`,
    );
  } finally {
    await dataSource.destroy();
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

async function seedAccount(dataSource: DataSource): Promise<string> {
  const id = randomUUID();
  await dataSource.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name, status) VALUES ($1, NULL, $2, 0, 'operator', 'bench', 'active')`,
    [id, `/${id}/`],
  );
  return id;
}

/** (a) Per-recipient links through the acceptance code path, in API-sized batches. */
async function mintLinks(
  dataSource: DataSource,
  url: string,
  accountId: string,
  domainId: string,
): Promise<{ seconds: number }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url });
  const minter = new RecipientLinks(config, new LinkDomainRepository(dataSource));
  const ids = new UuidV7Generator();
  let next = 0;
  let done = 0;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < MINT) {
      const size = Math.min(BATCH, MINT - next);
      const first = next;
      next += size;
      const batch = benchBatch(accountId, domainId, first, size, ids);
      await dataSource.transaction((tx) => minter.mint(tx, batch));
      done += size;
      if (done % 100_000 < BATCH) process.stdout.write(`  minted ${done}\r`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function benchBatch(
  accountId: string,
  domainId: string,
  first: number,
  size: number,
  ids: UuidV7Generator,
): NewMessageBatch {
  const plan = new RecipientLinkPlan(
    {
      target: 'https://shop.example.cn/d11',
      domain: null,
      campaignRef: CAMPAIGN,
      utmContent: null,
      params: { src: 'bench' },
      includeScheme: false,
    },
    { id: domainId, host: HOST },
    new ShortCodeGenerator(6),
  );
  const messages: ComposedMessage[] = [];
  for (let index = 0; index < size; index += 1) {
    const n = first + index;
    const phone = `+86138${String(n).padStart(8, '0')}`;
    const recipient = plan.attach({ phone, templateParams: {}, clientRef: null });
    messages.push({
      phone,
      content: `【通道商城】双11专享 ${recipient.templateParams.link} 回TD退订`,
      encoding: 'UCS2',
      segments: 1,
      carrier: CARRIERS[n % CARRIERS.length]!,
      province: PROVINCES[n % PROVINCES.length]!,
      clientRef: null,
      templateParams: recipient.templateParams,
    });
  }
  return {
    accountId,
    batchId: randomUUID(),
    createdAt: new Date(),
    signature: '通道商城',
    templateId: null,
    kind: 'marketing',
    status: MessageStatus.Queued,
    sendAt: new Date(),
    queuedAt: new Date(),
    callbackUrl: null,
    sourceExtension: null,
    ids: messages.map(() => ids.next()),
    messages,
    links: plan,
  };
}

/** (b0) The incremental path: clicks inserted and rolled up in one transaction per writer batch. */
async function rollupSample(dataSource: DataSource, accountId: string): Promise<number> {
  if (ROLLUP_SAMPLE <= 0) return 0;
  await dataSource.query(
    `UPDATE message_links SET sent_at = created_at, delivered_at = created_at + interval '5 seconds', channel_id = 'bench'`,
  );
  const links = (await dataSource.query(
    `SELECT link_id::text AS id FROM message_links ORDER BY link_id LIMIT 200000`,
  )) as Array<{ id: string }>;
  const rollup = new ClickRollup();
  const started = process.hrtime.bigint();
  const base = Date.now() - 86_400_000;
  for (let start = 0; start < ROLLUP_SAMPLE; start += 1000) {
    const facts: ClickFacts[] = [];
    for (let index = start; index < Math.min(ROLLUP_SAMPLE, start + 1000); index += 1)
      facts.push(
        sampleClick(
          `s${index}`,
          links[(index * 7919) % links.length]!.id,
          accountId,
          new Date(base + index * 500),
          index,
        ),
      );
    await dataSource.transaction(async (tx) => {
      const inserted = (await tx.query(
        `INSERT INTO clicks (click_id, link_id, account_id, occurred_at, class, reason, device, os, browser, province, city)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[])
         ON CONFLICT (click_id) DO NOTHING RETURNING click_id`,
        [
          facts.map((f) => f.clickId),
          facts.map((f) => f.linkId),
          facts.map((f) => f.accountId),
          facts.map((f) => f.occurredAt),
          facts.map((f) => f.clickClass),
          facts.map((f) => f.reason),
          facts.map((f) => f.device),
          facts.map((f) => f.os),
          facts.map((f) => f.browser),
          facts.map((f) => f.province),
          facts.map((f) => f.city),
        ],
      )) as Array<{ click_id: string }>;
      const stored = new Set(inserted.map((row) => row.click_id));
      await rollup.record(
        tx,
        facts.filter((fact) => stored.has(fact.clickId)),
      );
    });
  }
  return ROLLUP_SAMPLE / (Number(process.hrtime.bigint() - started) / 1e9);
}

function sampleClick(clickId: string, linkId: string, accountId: string, at: Date, n: number): ClickFacts {
  const human = n % 10 < 8;
  return {
    clickId,
    linkId,
    accountId,
    occurredAt: at,
    clickClass: human ? 'human' : n % 2 ? 'preview' : 'bot',
    reason: human ? 'browser' : n % 2 ? 'wechat_preview' : 'isbot',
    device: n % 7 === 0 ? 'desktop' : 'mobile',
    os: ['iOS', 'Android', 'HarmonyOS'][n % 3]!,
    browser: ['WeChat', 'Mobile Safari', 'Chrome'][n % 3]!,
    province: PROVINCES[n % PROVINCES.length]!,
    city: `城市${n % 40}`,
  };
}

/**
 * (b1) The bulk of the clicks by generate_series, and their counters by one aggregation per scope: the rows
 * ClickRollup would have written (clicks by class and reason, heatmap, device, OS, browser, province, city; the
 * funnel's sent, delivered and clicked). Chunks of 1,000,000 keep each transaction short.
 */
async function seedClicks(
  dataSource: DataSource,
  accountId: string,
): Promise<{ clicks: number; seconds: number; rawCountMs: number; batchId: string; linkId: string }> {
  const started = process.hrtime.bigint();
  await dataSource.query(
    `CREATE TABLE bench_links AS SELECT row_number() OVER (ORDER BY link_id) AS rn, * FROM message_links`,
  );
  const [{ links }] = (await dataSource.query(`SELECT count(*)::int AS links FROM bench_links`)) as Array<{
    links: number;
  }>;
  const bulk = Math.max(0, CLICKS - ROLLUP_SAMPLE);
  for (let start = 0; start < bulk; start += SEED_CHUNK) {
    const size = Math.min(SEED_CHUNK, bulk - start);
    await dataSource.query(
      `INSERT INTO clicks (click_id, link_id, account_id, message_id, recipient_id, occurred_at, class, reason, device, os,
                           browser, province, city)
       SELECT 'g' || g, l.link_id, l.account_id, l.message_id, l.recipient_id,
              now() - interval '30 days' + (g % 2592000) * interval '1 second',
              CASE WHEN g % 10 < 8 THEN 'human' WHEN g % 2 = 1 THEN 'preview' ELSE 'bot' END,
              CASE WHEN g % 10 < 8 THEN 'browser' WHEN g % 2 = 1 THEN 'wechat_preview' ELSE 'isbot' END,
              CASE WHEN g % 7 = 0 THEN 'desktop' ELSE 'mobile' END,
              (ARRAY['iOS','Android','HarmonyOS'])[1 + g % 3], (ARRAY['WeChat','Mobile Safari','Chrome'])[1 + g % 3],
              (ARRAY['广东','浙江','江苏','北京','上海','四川','山东','河南'])[1 + g % 8], '城市' || (g % 40)
         FROM generate_series($1::bigint, $2::bigint) AS g
         JOIN bench_links l ON l.rn = 1 + (g * 7919) % $3`,
      [start + 1, start + size, links],
    );
    process.stdout.write(`  seeded ${start + size} clicks\r`);
  }
  await seedCounters(dataSource, bulk);
  await dataSource.query(`DROP TABLE bench_links`);
  await dataSource.query(`ANALYZE clicks; ANALYZE attribution_counters`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rawStarted = process.hrtime.bigint();
  await dataSource.query(`SELECT count(*) FROM clicks WHERE account_id = $1 AND class = 'human'`, [
    accountId,
  ]);
  const rawCountMs = Number(process.hrtime.bigint() - rawStarted) / 1e6;
  const [sample] = (await dataSource.query(
    `SELECT batch_id::text AS batch_id, link_id::text AS link_id FROM message_links ORDER BY link_id LIMIT 1`,
  )) as Array<{ batch_id: string; link_id: string }>;
  const [{ clicks }] = (await dataSource.query(`SELECT count(*)::int AS clicks FROM clicks`)) as Array<{
    clicks: number;
  }>;
  return { clicks, seconds, rawCountMs, batchId: sample!.batch_id, linkId: sample!.link_id };
}

async function seedCounters(dataSource: DataSource, bulk: number): Promise<void> {
  if (bulk === 0) return;
  const local = `(c.occurred_at AT TIME ZONE 'Asia/Shanghai')`;
  await dataSource.query(
    `CREATE TABLE bench_facts AS
     SELECT l.account_id, l.batch_id::text AS batch_id, l.campaign_ref, l.link_id::text AS link_id, ${local}::date AS day,
            v.metric, v.key, count(*) AS n
       FROM clicks c JOIN message_links l ON l.link_id = c.link_id
       CROSS JOIN LATERAL (VALUES
         ('clicks', c.class),
         (CASE WHEN c.class <> 'human' THEN 'non_human_reason' END, c.class || ':' || c.reason),
         (CASE WHEN c.class = 'human' THEN 'heatmap' END, 'd' || extract(isodow FROM ${local}) || 'h' || extract(hour FROM ${local})),
         (CASE WHEN c.class = 'human' THEN 'device' END, c.device),
         (CASE WHEN c.class = 'human' THEN 'os' END, c.os),
         (CASE WHEN c.class = 'human' THEN 'browser' END, c.browser),
         (CASE WHEN c.class = 'human' THEN 'geo_province' END, c.province),
         (CASE WHEN c.class = 'human' THEN 'geo_city' END, c.province || '/' || c.city)
       ) AS v(metric, key)
      WHERE c.click_id LIKE 'g%' AND v.metric IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  );
  const scopes: Array<[ScopeKind, string]> = [
    ['account', 'account_id::text'],
    ['campaign', 'campaign_ref'],
    ['batch', 'batch_id'],
  ];
  for (const [scope, column] of scopes) {
    for (const day of ['day', `'1970-01-01'::date`])
      await dataSource.query(
        `INSERT INTO attribution_counters AS c (account_id, scope, scope_id, day, metric, key, value)
         SELECT account_id, '${scope}', ${column}, ${day}, metric, key, sum(n) FROM bench_facts GROUP BY 1, 3, 4, 5, 6
         ON CONFLICT (account_id, scope, scope_id, day, metric, key) DO UPDATE SET value = c.value + EXCLUDED.value`,
      );
  }
  await dataSource.query(`DROP TABLE bench_facts`);
}

async function timeQueries(
  dataSource: DataSource,
  accountId: string,
  seeded: { batchId: string; linkId: string },
): Promise<Array<{ scope: string; p50: number; p95: number; max: number; rows: number }>> {
  const store = new AttributionStore();
  const targets: Array<[ScopeKind, string]> = [
    ['campaign', CAMPAIGN],
    ['account', accountId],
    ['batch', seeded.batchId],
    ['link', seeded.linkId],
  ];
  const results = [];
  for (const [scope, id] of targets) {
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < QUERY_RUNS; run += 1) {
      const started = process.hrtime.bigint();
      // As the API does: a link is read for all time, with its own steps from message_links.
      const range = scope === 'link' || run % 2 ? null : lastThirtyDays();
      const counters = await store.readCounters(dataSource, [accountId], scope, id, range);
      const steps = scope === 'link' ? await store.linkSteps(dataSource, id) : null;
      buildAnalyticsReport(steps ? [...counters, ...linkStepCounters(steps)] : counters);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      rows = Math.max(rows, counters.length);
    }
    times.sort((a, b) => a - b);
    results.push({
      scope,
      p50: times[Math.floor(times.length / 2)]!,
      p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
      max: times[times.length - 1]!,
      rows,
    });
  }
  return results;
}

function lastThirtyDays(): { from: string; to: string } {
  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 - offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(31), to: day(0) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
