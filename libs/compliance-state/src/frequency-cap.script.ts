/**
 * Frequency caps for one account, one kind and many phones, in one atomic script call (per chunk of phones), so
 * that every API process shares them and a batch is checked and counted as a whole.
 *
 * Each phone's sends are a sorted set (score = the time the message counts at, ms; member unique per send). A cap
 * (limit L, window W) admits a send at time t when fewer than L sends lie within W of t on either side: a rolling
 * window, so "5/hour" means at most 5 in any 60 minutes, not per clock hour. Sends at a later time (scheduled,
 * released after quiet hours) count too. Entries older than the longest window are trimmed; the key expires with
 * its newest entry.
 *
 * KEYS: one sorted set per phone (a phone listed twice is counted twice).
 * ARGV: 1 mode (1 reserve, 0 peek, 2 release), 2 t (ms), 3 clock (ms, the caller's now, for trimming),
 *       4 token (unique per call), 5 cap count, then per cap: limit, window (ms).
 * Returns a comma-separated string with two numbers per phone: 0,0 when admitted; else the index (1-based) of the
 * cap that frees up last and the time (ms) it frees up. Release removes, per phone, one send counted at exactly t
 * and returns ''. (A string rather than an array reply: the in-process Redis stand-in of embedded mode drops
 * arrays built up in Lua, and one bulk string is cheaper to parse anyway.)
 */
export const FREQUENCY_CAP_SCRIPT = `
local mode = tonumber(ARGV[1])
local t = tonumber(ARGV[2])
local clock = tonumber(ARGV[3])
local token = ARGV[4]
local ncaps = tonumber(ARGV[5])
local limits, windows = {}, {}
local longest = 0
for c = 1, ncaps do
  limits[c] = tonumber(ARGV[4 + 2 * c])
  windows[c] = tonumber(ARGV[5 + 2 * c])
  if windows[c] > longest then longest = windows[c] end
end
local out = {}
if mode == 2 then
  for i = 1, #KEYS do
    local found = redis.call('ZRANGEBYSCORE', KEYS[i], t, t, 'LIMIT', 0, 1)
    if found[1] then redis.call('ZREM', KEYS[i], found[1]) end
  end
  return ''
end
local horizon = clock - longest
for i = 1, #KEYS do
  local key = KEYS[i]
  local flat = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local scores = {}
  local stale = 0
  for j = 2, #flat, 2 do
    local score = tonumber(flat[j])
    if score <= horizon then stale = stale + 1 else scores[#scores + 1] = score end
  end
  if stale > 0 then redis.call('ZREMRANGEBYSCORE', key, '-inf', horizon) end
  local refused, frees = 0, 0
  for c = 1, ncaps do
    local w = windows[c]
    local first, count = 0, 0
    for j = 1, #scores do
      if scores[j] > t - w and scores[j] < t + w then
        if first == 0 then first = j end
        count = count + 1
      end
    end
    if count >= limits[c] then
      local at = math.max(t, scores[first + count - limits[c]] + w)
      if at > frees then refused, frees = c, at end
    end
  end
  if refused == 0 and mode == 1 then
    redis.call('ZADD', key, t, string.format('%.0f', t) .. ':' .. token .. ':' .. i)
    local newest = t
    if #scores > 0 and scores[#scores] > newest then newest = scores[#scores] end
    redis.call('PEXPIRE', key, math.max(1000, newest - clock + longest + 1000))
  end
  out[#out + 1] = string.format('%d,%.0f', refused, frees)
end
return table.concat(out, ',')
`;
