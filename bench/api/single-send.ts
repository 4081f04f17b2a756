/**
 * Single sends through POST /v1/messages, one recipient per request, as customers send verification codes: requests
 * per second and the API's CPU per request, measured with wrk over loopback against the API process on real
 * PostgreSQL and Redis (the simulator and worker run beside it; dispatchers do not, so the figure is the API's alone).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:single-send -- [--seconds 20] [--connections 16] [--kind verification]
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { numberOption, option } from '../support/options';
import { cpuSeconds, loadAverage, SIGNATURE, startStack, withClient } from '../e2e/stack';

const run = promisify(execFile);

async function main(): Promise<void> {
  const seconds = numberOption('--seconds', 20);
  const connections = numberOption('--connections', 16);
  const kind = option('--kind', 'verification') as 'verification' | 'notification' | 'marketing';
  const stack = await startStack({
    reportDelay: '0-50',
    dispatchers: 1,
    worker: true,
    deferDispatchers: true,
  });
  try {
    const script = join(tmpdir(), `tongdao-single-send-${process.pid}.lua`);
    writeFileSync(script, luaScript(stack.apiKey, stack.templates[kind], kind));
    const load = { before: loadAverage() };
    const cpuBefore = cpuSeconds(stack.pids);
    const { stdout } = await run(
      'wrk',
      [
        '-t',
        '2',
        '-c',
        String(connections),
        '-d',
        `${seconds}s`,
        '--latency',
        '-s',
        script,
        `http://127.0.0.1:${stack.ports.API_PORT}/v1/messages`,
      ],
      { maxBuffer: 1 << 20 },
    );
    const cpuAfter = cpuSeconds(stack.pids);
    const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
    const requests = number(/(\d+) requests in/);
    const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
    let stored = 0;
    await withClient(stack.databaseUrl, async (client) => {
      stored = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM messages`)).rows[0]!.n);
    });
    const apiCpu = cpuAfter.api! - cpuBefore.api!;
    console.log(
      JSON.stringify(
        {
          kind,
          seconds,
          connections,
          requests,
          perSecond: number(/Requests\/sec:\s+([\d.]+)/),
          p50: /50%\s+(\S+)/.exec(stdout)?.[1],
          p99: /99%\s+(\S+)/.exec(stdout)?.[1],
          non2xx,
          messagesStored: stored,
          apiCpuMsPerRequest: +((apiCpu * 1000) / Math.max(1, requests)).toFixed(3),
          cpuSeconds: Object.fromEntries(
            Object.keys(stack.pids).map((name) => [name, +(cpuAfter[name]! - cpuBefore[name]!).toFixed(1)]),
          ),
          load: { ...load, after: loadAverage() },
        },
        null,
        2,
      ),
    );
  } finally {
    await stack.stop();
  }
}

/** Each request a new phone number, so no per-number limit turns requests away. */
function luaScript(apiKey: string, templateId: string, kind: string): string {
  const params = kind === 'verification' ? '{"code":"123456"}' : '{"name":"客户","order":"SO1"}';
  return `
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("id", thread_id); thread_id = thread_id + 1 end
init = function() counter = 0 end
request = function()
  counter = counter + 1
  local phone = string.format("1380%d%06d", id or 0, counter % 1000000)
  local body = '{"signature":"${SIGNATURE}","template_id":"${templateId}","phone":"' .. phone .. '","template_params":${params}}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer ${apiKey}"}, body)
end
`;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
