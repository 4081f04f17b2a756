/**
 * Lua for the cluster-wide rate of one channel, kept in one Redis hash so every dispatcher process shares the
 * tokens (segments), the adaptive rate and the consumption count. Time comes from the Redis server (TIME), so the
 * processes' clocks do not matter.
 *
 * Fields: tokens, ts (ms), cap (configured segments/s, 0 = none), ceiling, base, changed (AIMD state: the rate set
 * at the last decrease, the time of it), win_ts / win_n (segments this second), last_n (segments last second).
 *
 * The effective rate: the cap when steady; after a decrease, `base + step × ceiling` per elapsed interval, up to
 * the ceiling, at which point the channel is steady again (or, without a cap, unlimited again).
 */
const COMMON = `
local unpack = unpack or table.unpack
local key = KEYS[1]
local cap = tonumber(ARGV[1])
local beta = tonumber(ARGV[2])
local step = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local minFraction = tonumber(ARGV[5])
local burstMs = tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', key, 'tokens', 'ts', 'cap', 'ceiling', 'base', 'changed', 'win_ts', 'win_n', 'last_n')
local tokens = tonumber(h[1])
local ts = tonumber(h[2]) or now
local storedCap = tonumber(h[3])
local ceiling = tonumber(h[4])
local base = tonumber(h[5])
local changed = tonumber(h[6])
local winTs = tonumber(h[7]) or now
local winN = tonumber(h[8]) or 0
local lastN = tonumber(h[9]) or 0
-- The server clock can step back (an NTP step, a failover to another server, the embedded stand-in's TIME). Time
-- that went back is no time at all: refilling by a negative interval would put the bucket into a debt that grows
-- with every step (and TAKE would grant negative tokens), starving the channel. Stored times ahead of now move back.
local elapsed = math.max(0, now - ts)
if changed and changed > now then changed = now end
if winTs > now then winTs = now end
if storedCap ~= cap then
  ceiling = nil
  base = nil
  changed = nil
  tokens = nil
end
if now - winTs >= 2000 then
  lastN = 0
  winN = 0
  winTs = now
elseif now - winTs >= 1000 then
  lastN = winN
  winN = 0
  winTs = now
end
local rate = 0
if base then
  rate = math.min(ceiling, base + step * ceiling * math.floor((now - changed) / interval))
  if rate >= ceiling then
    base = nil
    changed = nil
    if cap > 0 then rate = cap else rate = 0 end
  end
elseif cap > 0 then
  rate = cap
end
local burst = 0
if rate > 0 then
  burst = math.max(1, rate * burstMs / 1000)
  if tokens == nil then tokens = burst end
  tokens = math.min(burst, tokens + elapsed * rate / 1000)
end
`;

const SAVE = `
local fields = {'cap', cap, 'ts', now, 'win_ts', winTs, 'win_n', winN, 'last_n', lastN}
if rate > 0 then
  table.insert(fields, 'tokens'); table.insert(fields, tokens)
end
if base then
  for _, v in ipairs({'ceiling', ceiling, 'base', base, 'changed', changed}) do table.insert(fields, v) end
else
  redis.call('HDEL', key, 'ceiling', 'base', 'changed')
end
if rate <= 0 then redis.call('HDEL', key, 'tokens') end
redis.call('HSET', key, unpack(fields))
redis.call('PEXPIRE', key, 3600000)
`;

/** ARGV[7] = segments wanted. Returns {granted, waitMs, rate × 1000}; rate 0 means unlimited (granted in full). */
export const TAKE_SCRIPT = `${COMMON}
local want = tonumber(ARGV[7])
local granted = want
local wait = 0
if rate > 0 then
  granted = math.max(0, math.min(want, math.floor(tokens)))
  tokens = tokens - granted
  if granted < want then
    wait = math.ceil((math.min(want - granted, burst) - tokens) * 1000 / rate)
    if wait < 1 then wait = 1 end
  end
end
winN = winN + granted
${SAVE}
return {granted, wait, math.floor(rate * 1000)}
`;

/** ARGV[7] = segments sent without tokens (unlimited mode), counted for learning a rate. Returns {rate × 1000}. */
export const COUNT_SCRIPT = `${COMMON}
winN = winN + tonumber(ARGV[7])
${SAVE}
return {math.floor(rate * 1000)}
`;

/**
 * ARGV[7] = cooldown ms, ARGV[8] = segments sent without tokens and not yet counted. The gateway throttled us: cut the rate by beta (once per cooldown, so a burst of throttle
 * answers to one window of submits counts once). Without a cap the ceiling is what the cluster sent last second.
 * Returns {rate × 1000, 1 when this call cut it}.
 */
export const DECREASE_SCRIPT = `${COMMON}
local cooldown = tonumber(ARGV[7])
winN = winN + tonumber(ARGV[8])
local cut = 0
if not (changed and now - changed < cooldown) then
  if rate <= 0 then
    ceiling = math.max(1, lastN, winN)
    rate = ceiling
  elseif not base then
    ceiling = rate
  end
  base = math.max(ceiling * minFraction, rate * beta)
  changed = now
  rate = base
  burst = math.max(1, rate * burstMs / 1000)
  if tokens == nil or tokens > burst then tokens = math.min(burst, tokens or burst) end
  cut = 1
end
${SAVE}
return {math.floor(rate * 1000), cut}
`;
