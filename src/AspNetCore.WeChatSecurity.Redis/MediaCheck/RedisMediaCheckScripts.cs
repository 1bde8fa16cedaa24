namespace AspNetCore.WeChatSecurity.Redis.MediaCheck;

/// <summary>
/// The store's atomic steps. A record is a hash (rev, state, media, traces, data, and seq: its place in the order records
/// were added, from a counter) with its trace ids as keys pointing to its id, a sorted set of undelivered records by due
/// time, one of delivered records by due time, and a set of pending record ids per media key. Every key shares one hash tag, so that a cluster keeps them in one slot.
/// </summary>
internal static class RedisMediaCheckScripts
{
    // Keeps the three indexes in step with a record's state: 0 pending, 1 decided, 2 delivered.
    private const string Index = """
        local function index(p, id, state, due, media)
          if state == '2' then
            redis.call('ZREM', p .. 'due', id)
            redis.call('ZADD', p .. 'delivered', due, id)
          else
            redis.call('ZADD', p .. 'due', due, id)
            redis.call('ZREM', p .. 'delivered', id)
          end
          if media ~= '' then
            if state == '0' then
              redis.call('SADD', p .. 'media:' .. media, id)
            else
              redis.call('SREM', p .. 'media:' .. media, id)
            end
          end
        end
        """;

    // A record's fields, or, when its key holds something else than a hash (written by hand or by another program), a
    // text the caller cannot read as a record: it logs that record as unreadable and passes over it, as it does a record
    // whose JSON it cannot read, rather than every sweep, push and submission that meets it failing with the key's error.
    private const string Fields = """
        local function fields(key, ...)
          local values = redis.pcall('HMGET', key, ...)
          if type(values) == 'table' and values.err then return nil end
          return values
        end
        local unreadable = '(not a hash)'
        """;

    /// <summary>KEYS: record. ARGV: prefix, id, rev, state, data, due, media key, trace ids... Returns 1 when added.</summary>
    public const string Add = Index + """

        local p, id = ARGV[1], ARGV[2]
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local traces = {}
        for i = 8, #ARGV do
          if redis.call('EXISTS', p .. 'trace:' .. ARGV[i]) == 1 then return 0 end
          traces[#traces + 1] = ARGV[i]
        end
        local seq = redis.call('INCR', p .. 'sequence')
        redis.call('HSET', KEYS[1], 'rev', ARGV[3], 'state', ARGV[4], 'data', ARGV[5], 'media', ARGV[7], 'traces', table.concat(traces, '\n'), 'seq', seq)
        for _, trace in ipairs(traces) do redis.call('SET', p .. 'trace:' .. trace, id) end
        index(p, id, ARGV[4], ARGV[6], ARGV[7])
        return 1
        """;

    /// <summary>KEYS: record. ARGV: prefix, id, expected rev, rev, state, data, due, media key, trace ids... Returns 1 when replaced.</summary>
    public const string Replace = Index + """

        local p, id = ARGV[1], ARGV[2]
        local stored = redis.call('HMGET', KEYS[1], 'rev', 'media', 'traces')
        if not stored[1] or stored[1] ~= ARGV[3] then return 0 end
        for i = 9, #ARGV do
          local owner = redis.call('GET', p .. 'trace:' .. ARGV[i])
          if owner and owner ~= id then return 0 end
        end
        if stored[2] and stored[2] ~= '' and stored[2] ~= ARGV[8] then
          redis.call('SREM', p .. 'media:' .. stored[2], id)
        end
        local traces, seen = {}, {}
        for trace in string.gmatch(stored[3] or '', '[^\n]+') do
          traces[#traces + 1] = trace
          seen[trace] = true
        end
        for i = 9, #ARGV do
          if not seen[ARGV[i]] then
            traces[#traces + 1] = ARGV[i]
            seen[ARGV[i]] = true
            redis.call('SET', p .. 'trace:' .. ARGV[i], id)
          end
        end
        redis.call('HSET', KEYS[1], 'rev', ARGV[4], 'state', ARGV[5], 'data', ARGV[6], 'media', ARGV[8], 'traces', table.concat(traces, '\n'))
        index(p, id, ARGV[5], ARGV[7], ARGV[8])
        return 1
        """;

    /// <summary>KEYS: trace key. ARGV: prefix. Returns the record's id and data, or an empty list.</summary>
    public const string FindByTraceId = Fields + """

        local id = redis.call('GET', KEYS[1])
        if not id then return {} end
        local record = fields(ARGV[1] .. 'record:' .. id, 'data')
        if not record then return { id, unreadable } end
        if not record[1] then return {} end
        return { id, record[1] }
        """;

    /// <summary>
    /// KEYS: media set. ARGV: prefix. Returns the id and data of each pending record with the media key, the last added
    /// first (the caller takes the first it can read). A record added before records had a seq sorts last.
    /// </summary>
    public const string FindPendingByMediaKey = Fields + """

        local pending = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local record = fields(ARGV[1] .. 'record:' .. id, 'state', 'data', 'seq') or { '0', unreadable, '0' }
          if record[1] == '0' and record[2] then
            pending[#pending + 1] = { tonumber(record[3]) or 0, id, record[2] }
          end
        end
        table.sort(pending, function(a, b) return a[1] > b[1] end)
        local found = {}
        for _, entry in ipairs(pending) do
          found[#found + 1] = entry[2]
          found[#found + 1] = entry[3]
        end
        return found
        """;

    /// <summary>
    /// KEYS: due set. ARGV: prefix, now, count, and the cursor: the score and id of the last entry seen, or two empty
    /// strings for the first page. Returns the id, score and data (empty when the record is gone) of up to count due
    /// entries after the cursor in the set's order (score, then id byte by byte), earliest first.
    /// </summary>
    /// <remarks>
    /// Paged after the last entry seen rather than by offset: records claimed, rescheduled or removed between two pages
    /// would shift every offset behind them, so that a page could pass over a due record or read one twice. The cursor
    /// entry itself may have moved meanwhile; its place is found among the entries of its score by a binary search on
    /// rank, comparing ids byte by byte (Lua's own comparison follows the server's locale).
    /// </remarks>
    public const string Due = Fields + """

        local key, now, count = KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        local start = 0
        if ARGV[4] ~= '' then
          local function sorts_after(a, b)
            local n = math.min(#a, #b)
            for i = 1, n do
              local x, y = string.byte(a, i), string.byte(b, i)
              if x ~= y then return x > y end
            end
            return #a > #b
          end
          local lo = redis.call('ZCOUNT', key, '-inf', '(' .. ARGV[4])
          local hi = lo + redis.call('ZCOUNT', key, ARGV[4], ARGV[4])
          while lo < hi do
            local mid = math.floor((lo + hi) / 2)
            if sorts_after(redis.call('ZRANGE', key, mid, mid)[1], ARGV[5]) then hi = mid else lo = mid + 1 end
          end
          start = lo
        end
        local entries = redis.call('ZRANGE', key, start, start + count - 1, 'WITHSCORES')
        local found = {}
        for i = 1, #entries, 2 do
          if tonumber(entries[i + 1]) > now then break end
          found[#found + 1] = entries[i]
          found[#found + 1] = entries[i + 1]
          local record = fields(ARGV[1] .. 'record:' .. entries[i], 'data')
          found[#found + 1] = record and (record[1] or '') or unreadable
        end
        return found
        """;

    /// <summary>
    /// KEYS: delivered set. ARGV: prefix, now, batch size. Removes up to a batch of due delivered records; returns how many.
    /// A record key written over with something else than a hash is removed all the same (its check was delivered, its
    /// retention is over), rather than failing every sweep's removal; only its trace keys, which it no longer names, stay.
    /// </summary>
    public const string RemoveDelivered = Fields + """

        local p = ARGV[1]
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, id in ipairs(ids) do
          local record = p .. 'record:' .. id
          local traces = (fields(record, 'traces') or {})[1] or ''
          for trace in string.gmatch(traces, '[^\n]+') do
            if redis.call('GET', p .. 'trace:' .. trace) == id then redis.call('DEL', p .. 'trace:' .. trace) end
          end
          redis.call('DEL', record)
          redis.call('ZREM', KEYS[1], id)
        end
        return #ids
        """;

    /// <summary>KEYS: the sweeper's lease. ARGV: this instance's token, duration (ms). Returns 1 when this instance holds the lease.</summary>
    public const string LeaseSweep = """
        local holder = redis.call('GET', KEYS[1])
        if holder and holder ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;
}
