/**
 * Single sends through POST /v1/messages, one recipient per request, as customers send verification codes: requests
 * per second and the API's CPU per request, measured with wrk over loopback against the API process on real
 * PostgreSQL and Redis (the simulator and worker run beside it; dispatchers do not, so the figure is the API's alone).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     npm run bench:single-send -- [--seconds 20] [--connections 16] [--kind verification]
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberOption, option } from '../support/options';
import { runWrk } from '../support/wrk';
import { cpuSeconds, loadAverage, SIGNATURE, startStack, withClient } from '../e2e/stack';

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
    const result = await runWrk({
      url: `http://127.0.0.1:${stack.ports.API_PORT}/v1/messages`,
      seconds,
      connections,
      threads: 2,
      script,
    });
    const cpuAfter = cpuSeconds(stack.pids);
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
          requests: result.requests,
          perSecond: result.perSecond,
          p50: result.p50,
          p99: result.p99,
          non2xx: result.non2xx3xx,
          messagesStored: stored,
          apiCpuMsPerRequest: +((apiCpu * 1000) / Math.max(1, result.requests)).toFixed(3),
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
