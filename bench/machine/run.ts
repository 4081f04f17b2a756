/**
 * A yardstick for the machine a benchmark ran on, so figures from different machines can be compared: the same
 * figures the project's own benchmarks are most sensitive to, with none of the project's code in them.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:machine [-- --seconds 10]
 *
 * - a bare node:http server answering 302, loaded by wrk (50 connections, 2 threads) over loopback;
 * - one PostgreSQL connection running `SELECT 1` back to back: round trip, and this process's CPU per query;
 * - a tight arithmetic loop (pure CPU, no system calls).
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { numberOption } from '../support/options';
import { runWrk } from '../support/wrk';

async function bareHttp(seconds: number): Promise<{ perSecond: number; p99: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(302, ['Location', 'https://shop.example.cn/p/1', 'Content-Length', '0']);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const result = await runWrk({ url: `http://127.0.0.1:${port}/`, seconds, connections: 50, threads: 2 });
    return { perSecond: Math.round(result.perSecond), p99: result.p99 };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function postgresRoundTrip(url: string, queries: number) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let index = 0; index < 1000; index += 1) await client.query('SELECT 1');
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let index = 0; index < queries; index += 1) await client.query('SELECT 1');
    const elapsedUs = Number(process.hrtime.bigint() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      roundTripUs: +(elapsedUs / queries).toFixed(1),
      clientCpuUsPerQuery: +((used.user + used.system) / queries).toFixed(1),
      clientSystemUsPerQuery: +(used.system / queries).toFixed(1),
    };
  } finally {
    await client.end();
  }
}

function arithmeticLoop(): number {
  const started = process.hrtime.bigint();
  let sum = 0;
  for (let index = 0; index < 300_000_000; index += 1) sum += index % 7;
  if (sum < 0) throw new Error('unreachable');
  return Math.round(Number(process.hrtime.bigint() - started) / 1e6);
}

async function main(): Promise<void> {
  const seconds = numberOption('seconds', 10);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL');
  const before = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const figures = {
    bareHttp302: await bareHttp(seconds),
    postgresSelect1: await postgresRoundTrip(url, 20_000),
    arithmeticLoopMs: arithmeticLoop(),
    load: {
      before,
      after: loadavg()
        .map((value) => value.toFixed(2))
        .join(' '),
    },
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
