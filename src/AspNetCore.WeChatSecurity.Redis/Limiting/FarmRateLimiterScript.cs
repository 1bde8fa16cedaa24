namespace AspNetCore.WeChatSecurity.Redis.Limiting;

/// <summary>
/// The farm's per-minute limiter as one atomic step. The key is a sorted set of the times (Unix ms) of the permits
/// granted in the last minute, future ones included (a caller waiting for its slot). A request for k permits gets the
/// earliest time at which the last minute holds at most limit - k others: no 60-second window ever holds more than the
/// limit, which keeps every calendar minute under WeChat's quota too. Permits are given in time order, so the set's
/// order is the order of the grants. A request whose time is further away than the allowed wait is refused and records
/// nothing. Permits an instance granted on its own while Redis was unreachable are recorded first, so that the farm
/// counts them after it reconnects.
/// </summary>
internal static class FarmRateLimiterScript
{
    /// <summary>
    /// KEYS: the family's set. ARGV: now, window, limit, max wait, count, member prefix, then the times of permits granted
    /// locally meanwhile. Returns { 1 granted or 0 refused, wait in ms }.
    /// </summary>
    public const string Acquire = """
        local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local max_wait, count, member = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
        for i = 7, #ARGV do
          redis.call('ZADD', KEYS[1], tonumber(ARGV[i]), member .. ':local:' .. i)
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local held = redis.call('ZCARD', KEYS[1])
        local slot = now
        local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if newest[2] then slot = math.max(slot, tonumber(newest[2])) end
        if held + count > limit then
          local blocking = redis.call('ZRANGE', KEYS[1], held + count - limit - 1, held + count - limit - 1, 'WITHSCORES')
          slot = math.max(slot, tonumber(blocking[2]) + window)
        end
        local wait = slot - now
        if wait > max_wait then return { 0, wait } end
        for i = 1, count do
          redis.call('ZADD', KEYS[1], slot, member .. ':' .. i)
        end
        redis.call('PEXPIRE', KEYS[1], wait + window)
        return { 1, wait }
        """;
}
