/**
 * Redirects per second with click recording on, against real PostgreSQL and Redis, measured with wrk over loopback;
 * in the same run a bare node:http server answering 302 as the ceiling.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:redirects -- [--seconds 30] [--connections 50] [--threads 2] [--links 10000] [--workers 1]
 *       [--warmup 3] [--writer redirector|worker]
 *
 * The redirector runs as its own process (REDIRECTOR_WORKERS=--workers share the port), with its click writer on.
 * wrk requests random codes of --links links (Host: the default short domain). Afterwards the script waits for the
 * writers to drain the click log and compares clicks stored in PostgreSQL with the 302s wrk received (requests
 * still in flight when wrk stops may be stored without wrk counting them: at most --connections).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShortDomainRepository, ShortLinkRepository } from '../../libs/database/src';
import { numberOption, option as textOption } from '../support/options';
import { runWrk } from '../support/wrk';
import { childEnv, freePorts, startChildApp } from '../../test/support/child-app';
import { createTestDatabase } from '../../test/support/test-database';
import { createTestRedis } from '../../test/support/test-redis';
import { loadAverage } from '../e2e/stack';

const HOST = 't.bench.test';

/** wrk against a loopback port with the redirect script; the printed figures keep their earlier names. */
async function wrk(port: number, seconds: number, connections: number, threads: number, script: string) {
  const { non2xx3xx, ...result } = await runWrk({
    url: `http://127.0.0.1:${port}/`,
    seconds,
    connections,
    threads,
    script,
  });
  return { ...result, non3xx: non2xx3xx };
}

function wrkScript(codes: string[]): string {
  const path = join(tmpdir(), `tongdao-redirects-${process.pid}.lua`);
  writeFileSync(
    path,
    `local codes = {${codes.map((code) => `"${code}"`).join(',')}}
local n = #codes
wrk.headers["Host"] = "${HOST}"
wrk.headers["User-Agent"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.44 NetType/WIFI"
request = function()
  return wrk.format("GET", "/" .. codes[math.random(n)])
end
`,
  );
  return path;
}

async function main(): Promise<void> {
  const seconds = numberOption('seconds', 30);
  const connections = numberOption('connections', 50);
  const threads = numberOption('threads', 2);
  const linkCount = numberOption('links', 10000);
  const workers = numberOption('workers', 1);
  const warmup = numberOption('warmup', 3);
  // Where the click writer runs: inside the redirector (default), or in a worker process of its own.
  const writer = textOption('writer', 'redirector');
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('set DATABASE_URL and REDIS_URL');

  const database = await createTestDatabase();
  const redis = await createTestRedis();
  const [bare, redirectorPort, workerPort] = await freePorts(3);
  const accountId = randomUUID();
  await database.dataSource.query(
    `INSERT INTO accounts (id, parent_id, path, depth, kind, name) VALUES ($1, NULL, $2, 0, 'operator', 'bench')`,
    [accountId, `/${accountId}/`],
  );
  const domain = await database.dataSource.transaction((m) =>
    new ShortDomainRepository().ensureDefault(m, HOST),
  );
  const inserted = await new ShortLinkRepository().insertMany(
    database.dataSource,
    Array.from({ length: linkCount }, (_, i) => ({
      domainId: domain.id,
      accountId,
      targetUrl: `https://shop.example.cn/p/${i}?utm_source=sms`,
    })),
  );
  const script = wrkScript(inserted.map((link) => link!.code));

  // The ceiling: the same routing work a server must do at least (parse, answer 302), nothing else.
  const location = 'https://shop.example.cn/p/1?utm_source=sms';
  const server = createServer((_request, response) => {
    response.writeHead(302, ['Location', location, 'Content-Length', '0']);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(bare, '127.0.0.1', resolve));
  await wrk(bare!, warmup, connections, threads, script);
  const ceiling = await wrk(bare!, seconds, connections, threads, script);
  await new Promise((resolve) => server.close(resolve));

  const redirector = startChildApp(
    'apps/redirector/src/main.ts',
    childEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      REDIRECTOR_PORT: String(redirectorPort),
      REDIRECTOR_WORKERS: String(workers),
      SHORT_LINK_DEFAULT_DOMAIN: HOST,
      REDIRECTOR_CLICK_WRITER: String(writer === 'redirector'),
      LOG_LEVEL: 'info',
    }),
  );
  const clickWorker =
    writer === 'worker'
      ? startChildApp(
          'apps/worker/src/main.ts',
          childEnv({
            DATABASE_URL: database.url,
            REDIS_URL: redis.url,
            REDIS_KEY_PREFIX: redis.keyPrefix,
            WORKER_HEALTH_PORT: String(workerPort),
            WORKER_CLICK_WRITER: 'true',
            LOG_LEVEL: 'info',
          }),
        )
      : null;
  await clickWorker?.waitForOutput(/Nest application successfully started|outbox/i, 120_000);
  for (let index = 0; index < workers; index += 1)
    await redirector.waitForOutput(
      new RegExp(`(Nest application successfully started[\\s\\S]*){${index + 1}}`),
      120_000,
    );
  const load = { before: loadAverage() };
  const warm = await wrk(redirectorPort!, warmup, connections, threads, script);
  const measured = await wrk(redirectorPort!, seconds, connections, threads, script);
  const loadAfter = loadAverage();

  const redirects = warm.requests - warm.non3xx + measured.requests - measured.non3xx;
  const clicks = async () =>
    Number(
      ((await database.dataSource.query(`SELECT count(*) AS n FROM clicks`)) as Array<{ n: string }>)[0]!.n,
    );
  const drainStarted = Date.now();
  let stored = await clicks();
  for (let stable = 0; stable < 3 && Date.now() - drainStarted < 120_000;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await clicks();
    const backlog = await redis.redis.xlen('short-links:clicks');
    stable = now === stored && backlog === 0 ? stable + 1 : 0;
    stored = now;
  }
  // With one process its own counter is exact: every 302 it wrote, including those wrk stopped waiting for.
  const metrics =
    workers === 1 ? await fetch(`http://127.0.0.1:${redirectorPort}/metrics`).then((r) => r.text()) : '';
  const written = Number(/tongdao_redirects_total\{outcome="redirect"\} (\d+)/.exec(metrics)?.[1] ?? NaN);
  await redirector.stop('SIGTERM');
  await clickWorker?.stop('SIGTERM');

  const ratio = measured.perSecond / ceiling.perSecond;
  console.log(
    JSON.stringify(
      {
        seconds,
        connections,
        threads,
        links: linkCount,
        workers,
        ceiling,
        redirector: measured,
        load: { ...load, after: loadAfter },
      },
      null,
      2,
    ),
  );
  console.log(
    `redirects: ${Math.round(measured.perSecond)}/s p99 ${measured.p99} (bare node:http 302: ${Math.round(ceiling.perSecond)}/s p99 ${ceiling.p99}; ratio ${ratio.toFixed(2)}) — ` +
      `302s received by wrk ${redirects}` +
      (Number.isNaN(written) ? '' : `, 302s written by the redirector ${written}`) +
      `, clicks stored ${stored} (wrk stops waiting for up to ${connections} in-flight requests per run), ` +
      `drained in ${((Date.now() - drainStarted) / 1000).toFixed(1)} s — load ${loadAfter}`,
  );
  await redis.close();
  await database.drop();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
