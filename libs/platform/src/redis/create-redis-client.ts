import Redis from 'ioredis';
import { AppConfig } from '@tongdao/config';

/**
 * External mode talks to a real Redis. Embedded mode uses ioredis-mock, an in-process
 * stand-in with the same API, so no code path differs between the two.
 */
export function createRedisClient(
  config: { redis: Pick<AppConfig['redis'], 'url'> },
  keyPrefix = 'tongdao:',
): Redis {
  if (config.redis.url) {
    return new Redis(config.redis.url, {
      keyPrefix,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      lazyConnect: false,
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RedisMock = require('ioredis-mock') as new (options: { keyPrefix: string }) => Redis;
  return withWallClockTime(new RedisMock({ keyPrefix }));
}

/**
 * Serves TIME to the stand-in's scripts from this process's clock: the stand-in is in this process, so that is its
 * server clock. Its own TIME is not a clock: the whole seconds are rounded (not truncated) and the microseconds are
 * those of process.hrtime(), whose seconds start elsewhere, so depending on the phase between the two clocks it
 * jumps a second back and forth every second (on some machines, for as long as they run). The cluster TPS bucket
 * and the connection leases read TIME in their scripts; the bucket starved a channel on such a machine.
 *
 * A script that reads TIME gets the time as two extra arguments, taken off ARGV before it runs, so its text (and
 * the SHA the stand-in keeps for it) stays the same from call to call.
 */
function withWallClockTime(redis: Redis): Redis {
  const evaluate = redis.eval.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  const withClock = new Map<string, string>();
  const patched = (script: string, ...rest: unknown[]): Promise<unknown> => {
    if (!READS_TIME.test(script)) return evaluate(script, ...rest);
    let wrapped = withClock.get(script);
    if (wrapped === undefined) withClock.set(script, (wrapped = `${TIME_PRELUDE}\n${script}`));
    const callback = typeof rest.at(-1) === 'function' ? rest.pop() : undefined;
    const now = Date.now();
    const time = [Math.floor(now / 1000), (now % 1000) * 1000];
    return evaluate(wrapped, ...rest, ...time, ...(callback ? [callback] : []));
  };
  redis.eval = patched as Redis['eval'];
  return redis;
}

const READS_TIME = /redis\.p?call\(\s*['"]time['"]/i;

const TIME_PRELUDE = `local tongdao_time = {}
tongdao_time[2] = table.remove(ARGV)
tongdao_time[1] = table.remove(ARGV)
local function tongdao_with_time(call)
  return function(command, ...)
    if type(command) == 'string' and string.upper(command) == 'TIME' then return { tongdao_time[1], tongdao_time[2] } end
    return call(command, ...)
  end
end
redis.call = tongdao_with_time(redis.call)
redis.pcall = tongdao_with_time(redis.pcall)`;
