import type Redis from 'ioredis';

/**
 * Leases on a channel's connections, shared by every dispatcher process: a sorted set per channel whose members
 * are `<holder>#<slot>` scored by expiry (Redis time, ms). A process holds a lease for each connection it opens
 * and renews them; a process that dies stops renewing and its leases lapse after the TTL, so the others can open
 * those connections. ARGV: holder, wanted, limit, ttl ms. Returns the slots the holder has after the call.
 */
const SYNC_SCRIPT = `
local key = KEYS[1]
local holder = ARGV[1]
local wanted = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
local members = redis.call('ZRANGE', key, 0, -1)
local mine = {}
local others = 0
local prefix = holder .. '#'
for _, member in ipairs(members) do
  if string.sub(member, 1, string.len(prefix)) == prefix then
    table.insert(mine, member)
  else
    others = others + 1
  end
end
table.sort(mine)
local target = math.min(wanted, math.max(0, limit - others))
while #mine > target do
  redis.call('ZREM', key, table.remove(mine))
end
local slot = 0
while #mine < target do
  local member = prefix .. slot
  if redis.call('ZSCORE', key, member) == false then
    redis.call('ZADD', key, now + ttl, member)
    table.insert(mine, member)
  end
  slot = slot + 1
end
for _, member in ipairs(mine) do redis.call('ZADD', key, now + ttl, member) end
redis.call('PEXPIRE', key, ttl * 2)
return {#mine, others}
`;

const RELEASE_SCRIPT = `
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local prefix = ARGV[1] .. '#'
for _, member in ipairs(members) do
  if string.sub(member, 1, string.len(prefix)) == prefix then redis.call('ZREM', KEYS[1], member) end
end
return 1
`;

export interface LeaseState {
  held: number;
  /** Leases other processes hold. */
  others: number;
}

/** One process's connection leases on one channel. */
export class ConnectionLeases {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes, keeps or gives back leases so this process holds `wanted` of the channel's `limit`, if free. */
  async sync(wanted: number, limit: number): Promise<LeaseState> {
    const [held, others] = (await this.redis.eval(
      SYNC_SCRIPT,
      1,
      this.key,
      this.holder,
      wanted,
      limit,
      this.ttlMs,
    )) as number[];
    return { held: held!, others: others! };
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.holder);
  }

  /** How many leases the whole cluster holds (for operations views). */
  static async count(redis: Redis, key: string): Promise<number> {
    const now = Date.now();
    return redis.zcount(key, now, '+inf');
  }
}
