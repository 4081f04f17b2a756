/**
 * One atomic check-and-take over the whole ancestor chain of a sender, so that a parent's limits cap its
 * descendants' combined traffic across every API process.
 *
 * KEYS, per account i (0-based): 3i+1 token bucket, 3i+2 day counter, 3i+3 month counter.
 * ARGV: 1 account count, 2 cost (segments), 3 now (ms), then per account: tps, daily quota, monthly quota
 *       (-1 = no limit), day counter TTL (ms), month counter TTL (ms).
 * Returns {0} when admitted (everything taken), or {account index (1-based), limit, retry-after ms}.
 *
 * The token bucket holds one second of the account's TPS. A request needs min(cost, capacity) tokens and then
 * takes its whole cost, so a batch larger than one second's worth is admitted from a full bucket and drives it
 * into debt that later requests wait out: the average rate holds for any batch size.
 * Quota counters are kept for every account, limited or not, so a quota set in the middle of a day already
 * counts that day's traffic.
 */
export const TRAFFIC_LIMIT_SCRIPT = `
local n = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local tokens = {}
for i = 1, n do
  local arg = 3 + (i - 1) * 5
  local tps = tonumber(ARGV[arg + 1])
  local daily = tonumber(ARGV[arg + 2])
  local monthly = tonumber(ARGV[arg + 3])
  if tps > 0 then
    local state = redis.call('HMGET', KEYS[(i - 1) * 3 + 1], 'tokens', 'at')
    local available = tonumber(state[1]) or tps
    local at = tonumber(state[2]) or now
    available = math.min(tps, available + math.max(0, now - at) * tps / 1000)
    local need = math.min(cost, tps)
    if available < need then
      return {i, 'tps', math.ceil((need - available) * 1000 / tps)}
    end
    tokens[i] = available
  end
  if daily >= 0 and (tonumber(redis.call('GET', KEYS[(i - 1) * 3 + 2])) or 0) + cost > daily then
    return {i, 'daily', 0}
  end
  if monthly >= 0 and (tonumber(redis.call('GET', KEYS[(i - 1) * 3 + 3])) or 0) + cost > monthly then
    return {i, 'monthly', 0}
  end
end
for i = 1, n do
  local arg = 3 + (i - 1) * 5
  local tps = tonumber(ARGV[arg + 1])
  if tps > 0 then
    local left = tokens[i] - cost
    redis.call('HSET', KEYS[(i - 1) * 3 + 1], 'tokens', string.format('%.4f', left), 'at', now)
    redis.call('PEXPIRE', KEYS[(i - 1) * 3 + 1], math.ceil((tps - left) * 1000 / tps) + 1000)
  end
  if redis.call('INCRBY', KEYS[(i - 1) * 3 + 2], cost) == cost then
    redis.call('PEXPIRE', KEYS[(i - 1) * 3 + 2], ARGV[arg + 4])
  end
  if redis.call('INCRBY', KEYS[(i - 1) * 3 + 3], cost) == cost then
    redis.call('PEXPIRE', KEYS[(i - 1) * 3 + 3], ARGV[arg + 5])
  end
end
return {0}
`;

/** Gives back quota taken by a request that was not stored after all (KEYS: day and month counter pairs). */
export const TRAFFIC_REFUND_SCRIPT = `
local cost = tonumber(ARGV[1])
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECRBY', KEYS[i], cost) end
end
return 0
`;
