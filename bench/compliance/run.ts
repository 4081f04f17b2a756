/**
 * Compliance benchmark.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres [REDIS_URL=redis://127.0.0.1:6379] \
 *     npm run bench:compliance -- [--words 10000] [--checks 200000] [--batches 10] [--concurrency 3] \
 *       [--recipients 10000] [--kind notification|marketing] [--parts words,pipeline,ingest]
 *
 * 1. Sensitive-word checks per second: one 70-character message against a list of `--words` words (normalising
 *    included), with the project's automaton and, for comparison, modern-ahocorasick on the same normalised text.
 * 2. The pipeline alone (in process, in-memory ports): recipients per second through every rule.
 * 3. Batch ingest through POST /v1/messages/batch with the full pipeline on and the word list in PostgreSQL (and
 *    whatever cap/opt-out adapters are bound: Redis ones once issue 9b is merged), like bench/ingest.
 * Without DATABASE_URL only parts 1 and 2 run.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import AhoCorasick from 'modern-ahocorasick';
import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import {
  buildCompliancePipeline,
  buildVariableSpec,
  ComplianceRecipient,
  DEFAULT_COMPLIANCE_POLICY,
  SensitiveWord,
  SensitiveWordList,
  TextNormalizer,
} from '@tongdao/compliance';
import {
  InMemoryCaps,
  InMemoryConsent,
  InMemorySuppression,
  StaticLinkDomains,
} from '@tongdao/compliance/testing/in-memory-ports';
import { loadConfig } from '@tongdao/config';
import { countSegments } from '@tongdao/sms';
import { AccountProvisioning } from '../../apps/api/src/accounts/account-provisioning';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp } from '../../apps/api/src/configure-api-app';
import { withClient, withDatabase } from '../support/database';
import { send } from '../support/http';
import { option } from '../support/options';

const WORDS = Number(option('words', '10000'));
const CHECKS = Number(option('checks', '200000'));
const BATCHES = Number(option('batches', '10'));
const CONCURRENCY = Number(option('concurrency', '3'));
const RECIPIENTS = Number(option('recipients', '10000'));
const KIND = option('kind', 'notification');
const PARTS = new Set(option('parts', 'words,pipeline,ingest').split(','));

/** 70 characters with the signature: a typical notification that matches no word. */
const MESSAGE =
  '【通道科技】尊敬的会员您好，您在本店购买的商品已由顺丰速运发出，运单号SF1234567890，预计明日下午送达，请您保持电话畅通，谢谢您！';

/** Deterministic pseudo-random Chinese words of 2–4 characters, plus some Latin ones. */
function wordList(count: number): SensitiveWord[] {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1);
  const words: SensitiveWord[] = [];
  const seen = new Set<string>();
  for (let i = 0; words.length < count; i++) {
    let word = '';
    if (i % 10 === 0) word = `w${i.toString(36)}x`;
    else for (let n = 2 + (next() % 3); n > 0; n--) word += String.fromCharCode(0x4e00 + (next() % 6000));
    if (seen.has(word)) continue;
    seen.add(word);
    words.push({ word, category: i % 7 === 0 ? 'review' : 'block', accountId: null });
  }
  return words;
}

function timeIt(iterations: number, work: () => unknown): number {
  for (let i = 0; i < Math.min(iterations, 5000); i++) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function wordChecks(words: SensitiveWord[]): void {
  const normalizer = new TextNormalizer();
  let started = process.hrtime.bigint();
  const list = new SensitiveWordList(words, normalizer);
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (list.find(MESSAGE) !== null) throw new Error('the benchmark message should match no word');
  const seconds = timeIt(CHECKS, () => list.find(MESSAGE));
  console.log(
    `words: ${list.size} words compiled in ${buildMs.toFixed(0)} ms; ${[...MESSAGE].length}-character message: ` +
      `${Math.round(CHECKS / seconds)} checks/s (${((seconds / CHECKS) * 1e6).toFixed(2)} µs/check, normalising included)`,
  );
  const normalized = normalizer.normalizeString(MESSAGE);
  started = process.hrtime.bigint();
  const library = new AhoCorasick(
    words.map((word) => normalizer.normalizeString(word.word)).filter((w) => w !== ''),
  );
  const libraryBuildMs = Number(process.hrtime.bigint() - started) / 1e6;
  const libraryChecks = Math.max(1000, Math.floor(CHECKS / 50));
  const librarySeconds = timeIt(libraryChecks, () => library.findFirst(normalized));
  console.log(
    `words (comparison): modern-ahocorasick findFirst on the normalised text, built in ${libraryBuildMs.toFixed(0)} ms: ` +
      `${Math.round(libraryChecks / librarySeconds)} checks/s (${((librarySeconds / libraryChecks) * 1e6).toFixed(2)} µs/check)`,
  );
}

async function pipelineOnly(words: SensitiveWord[]): Promise<void> {
  const list = new SensitiveWordList(words, new TextNormalizer());
  const domains = new StaticLinkDomains([], []);
  const pipeline = buildCompliancePipeline({
    words: { listsFor: () => [list] },
    linkDomains: domains,
    shortDomains: domains,
    suppression: new InMemorySuppression(),
    consent: new InMemoryConsent(),
    caps: new InMemoryCaps(1_000_000),
    maxSegments: 10,
  });
  const spec = buildVariableSpec(['name', 'order'], null);
  if (!spec.ok) throw new Error(spec.message);
  const make = (batch: number): ComplianceRecipient[] =>
    Array.from({ length: RECIPIENTS }, (_, index) => {
      const content = `【通道科技】亲爱的客户${index}，您的订单SO${batch}-${index}已发货，请注意查收。`;
      const layout = countSegments(content);
      return {
        phone: `+86139${String(batch * RECIPIENTS + index).padStart(8, '0')}`,
        content,
        segments: layout.segments,
        encoding: layout.encoding,
        templateParams: { name: `客户${index}`, order: `SO${batch}-${index}` },
      };
    });
  const batches = Array.from({ length: BATCHES }, (_, batch) => make(batch));
  const now = new Date();
  const requestFor = () => ({
    accountId: 'bench',
    kind: KIND as 'notification',
    sendAt: now,
    now,
    mode: 'accept' as const,
    policy: { ...DEFAULT_COMPLIANCE_POLICY, quietHours: null },
    template: spec.spec,
  });
  await pipeline.run(make(BATCHES), requestFor());
  const started = process.hrtime.bigint();
  for (const batch of batches) await pipeline.run(batch, requestFor());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const total = BATCHES * RECIPIENTS;
  console.log(
    `pipeline (in process, ${KIND}, every rule, distinct text per recipient): ${total} recipients in ${seconds.toFixed(2)} s, ` +
      `${Math.round(total / seconds)} recipients/s`,
  );
}

async function ingest(serverUrl: string, words: SensitiveWord[]): Promise<void> {
  const database = `tongdao_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  try {
    const databaseUrl = withDatabase(serverUrl, database);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(CONCURRENCY + 2),
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: `bench-${randomBytes(3).toString('hex')}:`,
      API_PORT: '0',
      COMPLIANCE_QUIET_HOURS: 'off',
    });
    const app = await NestFactory.create(ApiModule.forRoot(config), { logger: ['warn', 'error'] });
    configureApiApp(app, config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    try {
      const key = await seed(app.get(AccountProvisioning), databaseUrl, words);
      const reload = await send(
        port,
        key.apiKey,
        'POST',
        '/v1/compliance/words',
        JSON.stringify({
          list: 'platform',
          words: [{ word: '免费', category: 'block' }],
        }),
      );
      const loaded = (JSON.parse(reload) as { version: string }).version;
      const bodies = Array.from({ length: BATCHES }, (_, batch) => batchBody(key.templateId, batch));
      await send(port, key.apiKey, 'POST', '/v1/messages/batch', batchBody(key.templateId, BATCHES));
      const started = process.hrtime.bigint();
      let next = 0;
      let accepted = 0;
      const worker = async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const result = JSON.parse(await send(port, key.apiKey, 'POST', '/v1/messages/batch', body)) as {
            accepted: number;
          };
          accepted += result.accepted;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const expected = BATCHES * RECIPIENTS;
      if (accepted !== expected) throw new Error(`accepted ${accepted} of ${expected} recipients`);
      console.log(
        `ingest (full pipeline, ${words.length + 1}-word list v${loaded}, ${KIND}): ${accepted} recipients in ${BATCHES} ` +
          `batches of ${RECIPIENTS}, concurrency ${CONCURRENCY}: ${seconds.toFixed(2)} s, ${Math.round(accepted / seconds)} recipients/s`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

async function seed(
  provisioning: AccountProvisioning,
  databaseUrl: string,
  words: SensitiveWord[],
): Promise<{ apiKey: string; templateId: string }> {
  const operator = await provisioning.ensureOperator('Bench operator');
  const templateId = randomUUID();
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO signatures (id, account_id, text, status) VALUES ($1, $2, '通道科技', 'approved')`,
      [randomUUID(), operator.account.id],
    );
    await client.query(
      `INSERT INTO templates (id, account_id, name, kind, body, variables, status)
       VALUES ($1, $2, 'shipping', $3, '亲爱的\${name}，您的订单\${order}已发货，请注意查收。', ARRAY['name','order'], 'approved')`,
      [templateId, operator.account.id, KIND],
    );
    await client.query(
      `INSERT INTO sensitive_words (account_id, word, category)
       SELECT NULL, w.word, w.category FROM json_to_recordset($1::json) AS w(word text, category text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(words.map((word) => ({ word: word.word, category: word.category })))],
    );
  });
  return { apiKey: operator.key!.fullKey, templateId };
}

function batchBody(templateId: string, batch: number): string {
  const recipients = Array.from({ length: RECIPIENTS }, (_, index) => ({
    phone: `1${39 - (batch % 5)}${String(batch * RECIPIENTS + index).padStart(8, '0')}`,
    template_params: { name: `客户${index}`, order: `SO${batch}-${index}` },
    client_ref: `b${batch}-${index}`,
  }));
  return JSON.stringify({ signature: '通道科技', template_id: templateId, recipients });
}

async function main(): Promise<void> {
  const words = wordList(WORDS);
  if (PARTS.has('words')) wordChecks(words);
  if (PARTS.has('pipeline')) await pipelineOnly(words);
  const serverUrl = process.env.DATABASE_URL;
  if (!PARTS.has('ingest')) return;
  if (serverUrl) await ingest(serverUrl, words);
  else console.log('ingest: skipped (set DATABASE_URL)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
