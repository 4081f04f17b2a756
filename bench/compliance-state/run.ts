/**
 * Cost of the compliance state per 10,000-recipient batch, as acceptance pays it: frequency caps in Redis
 * (reserve, with the account's settings from PostgreSQL), suppression (blocklist, automatic, opt-outs) and consent
 * in PostgreSQL, against lists of realistic size.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:compliance-state -- [batches=20] [opt-outs=500000]
 *
 * Creates a fresh database on DATABASE_URL's server and drops it afterwards; Redis keys live under a random prefix
 * and are deleted at the end.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '@tongdao/config';
import { ComplianceStateSettingsStore, ConsentStore, SuppressionLookup } from '@tongdao/compliance-state';
import { createRedisClient } from '@tongdao/platform';
import { createTestDatabase } from '../../test/support/test-database';
import { RedisFrequencyCaps } from '../../apps/api/src/compliance/redis-frequency-caps';

const BATCH = 10_000;

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL)
    throw new Error('Set DATABASE_URL and REDIS_URL (a fresh database is created on that server)');
  const batches = Number(process.argv[2] ?? 20);
  const listSize = Number(process.argv[3] ?? 500_000);
  const database = await createTestDatabase();
  const prefix = `tongdao-bench:${randomBytes(4).toString('hex')}:`;
  const redis = createRedisClient({ redis: { url: process.env.REDIS_URL } }, prefix);
  try {
    const sql = database.dataSource;
    const accountId = randomUUID();
    await sql.query(
      `INSERT INTO accounts (id, parent_id, kind, name, path, depth, status) VALUES ($1, NULL, 'operator', 'bench', $2, 0, 'active')`,
      [accountId, `/${accountId}/`],
    );
    const seeded = Date.now();
    // Lists of the given size on phones 1380000000x…; every 100th phone of the batches below is listed.
    await sql.query(
      `INSERT INTO opt_outs (account_id, phone, source)
       SELECT $1, '+86138' || lpad((i * 100)::text, 8, '0'), 'import' FROM generate_series(0, $2 - 1) AS i`,
      [accountId, listSize],
    );
    await sql.query(
      `INSERT INTO blocklist (phone, reason) SELECT '+86139' || lpad(i::text, 8, '0'), 'bench'
         FROM generate_series(0, $1 / 5 - 1) AS i`,
      [listSize],
    );
    await sql.query(
      `INSERT INTO consents (account_id, phone, source, consented_at)
       SELECT $1, '+86138' || lpad(i::text, 8, '0'), 'bench', now() FROM generate_series(0, $2 - 1) AS i`,
      [accountId, listSize],
    );
    await sql.query(
      `INSERT INTO compliance_state_settings (account_id, requires_marketing_consent) VALUES ($1, true)`,
      [accountId],
    );
    await sql.query('ANALYZE');
    console.log(
      `seeded ${listSize} opt-outs, ${listSize} consents, ${listSize / 5} blocked in ${Date.now() - seeded} ms`,
    );

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
    });
    const caps = new RedisFrequencyCaps(redis, config, sql, new ComplianceStateSettingsStore());
    const suppression = new SuppressionLookup();
    const consent = new ConsentStore();
    const batchPhones = (batch: number) =>
      Array.from({ length: BATCH }, (_, index) => `+86138${String(batch * BATCH + index).padStart(8, '0')}`);

    const timings = {
      caps: [] as number[],
      capsRefused: [] as number[],
      suppression: [] as number[],
      consent: [] as number[],
    };
    let listed = 0;
    let missing = 0;
    const now = new Date();
    for (let batch = -1; batch < batches; batch += 1) {
      const phones = batchPhones(batch + 1);
      const request = { accountId, kind: 'marketing' as const, phones, now };
      const t0 = process.hrtime.bigint();
      const verdicts = await caps.reserve(request);
      const t1 = process.hrtime.bigint();
      await caps.reserve(request);
      await caps.reserve(request); // the third time every phone is refused (2/day)
      const t2 = process.hrtime.bigint();
      await caps.reserve(request);
      const t3 = process.hrtime.bigint();
      const found = await suppression.find(sql, accountId, phones);
      const t4 = process.hrtime.bigint();
      const lacking = await consent.missing(sql, accountId, phones, false);
      const t5 = process.hrtime.bigint();
      if (batch < 0) continue; // warm-up
      if (!verdicts.every((verdict) => verdict.ok)) throw new Error('fresh phones were refused');
      timings.caps.push(Number(t1 - t0) / 1e6);
      timings.capsRefused.push(Number(t3 - t2) / 1e6);
      timings.suppression.push(Number(t4 - t3) / 1e6);
      timings.consent.push(Number(t5 - t4) / 1e6);
      void t2;
      listed += found.size;
      missing += lacking.size;
    }
    const line = (name: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      return `${name}: mean ${mean.toFixed(1)} ms, p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms per ${BATCH} → ${Math.round((BATCH / mean) * 1000).toLocaleString('en')} recipients/s`;
    };
    console.log(line('caps reserve (admitted, counted)', timings.caps));
    console.log(line('caps reserve (all refused)', timings.capsRefused));
    console.log(line('suppression lookup', timings.suppression));
    console.log(line('consent lookup', timings.consent));
    const perBatch = [timings.caps, timings.suppression, timings.consent]
      .map((values) => values.reduce((sum, value) => sum + value, 0) / values.length)
      .reduce((sum, value) => sum + value, 0);
    console.log(
      `summary: compliance state ${perBatch.toFixed(1)} ms per ${BATCH}-recipient batch (${Math.round((BATCH / perBatch) * 1000).toLocaleString('en')} recipients/s on one connection); ${listed} suppressed, ${missing} without consent over ${batches} batches`,
    );
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    for (let start = 0; start < keys.length; start += 1000)
      await redis.del(...keys.slice(start, start + 1000).map((key) => key.slice(prefix.length)));
    await redis.quit();
    await database.drop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
