using System.Globalization;
using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Redis.Connection;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Limiting;

/// <summary>
/// One family's per-minute limit held by the whole farm in Redis (<see cref="FarmRateLimiterScript"/>), with this
/// instance's share of it (the core's own single-server limiter) as the fallback while Redis cannot be reached. Every farm grant is recorded in the fallback
/// too, so that an instance that loses Redis goes on from what it has itself spent; every fallback grant is recorded
/// in Redis once it is back, exactly once: the call that sends them takes them, and puts them back if it cannot reach Redis.
/// </summary>
internal sealed class FarmRateLimiter : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly RedisConnection _connection;
    private readonly RedisKey _key;
    private readonly int _permitsPerMinute;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _timeProvider;
    private readonly RateLimiter _fallback;
    private readonly string _memberPrefix = Guid.NewGuid().ToString("N");
    private readonly Lock _unsharedGate = new();
    private readonly List<long> _unshared = [];
    private long _sequence;

    /// <param name="connection">The farm's connection.</param>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>.</param>
    /// <param name="permitsPerMinute">The farm's limit.</param>
    /// <param name="fallback">This instance's share of the limit, used while Redis cannot be reached; disposed with this limiter.</param>
    /// <param name="maxWait">The longest a caller waits for its slot.</param>
    /// <param name="timeProvider">The clock.</param>
    public FarmRateLimiter(RedisConnection connection, string family, int permitsPerMinute, RateLimiter fallback, TimeSpan maxWait, TimeProvider timeProvider)
    {
        _connection = connection;
        _key = connection.KeyPrefix + "limiter:" + family;
        _permitsPerMinute = permitsPerMinute;
        _maxWait = maxWait;
        _timeProvider = timeProvider;
        _fallback = fallback;
        connection.Restored += () => _ = ShareUnsharedAsync();
    }

    public override TimeSpan? IdleDuration => null;

    /// <summary>Raised when a caller starts waiting for its slot, once its timer is set: tests move time only then.</summary>
    internal event Action<TimeSpan>? WaitingForSlot;

    /// <summary>The farm's counts live in Redis; these are the fallback's, this instance's own.</summary>
    public override RateLimiterStatistics? GetStatistics() => _fallback.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitsPerMinute);
        return _connection.TryGetDatabase() is { } database && Evaluate(database, permitCount) is { } result
            ? Granted(result, permitCount)
            : AcquireLocally(_fallback.AttemptAcquire(permitCount), permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitsPerMinute);
        cancellationToken.ThrowIfCancellationRequested();
        var asked = _timeProvider.GetUtcNow();
        if (_connection.TryGetDatabase() is not { } database
            || await EvaluateAsync(database, permitCount, _maxWait, asked, "take a farm permit") is not { } result)
        {
            return AcquireLocally(await _fallback.AcquireAsync(permitCount, cancellationToken), permitCount);
        }

        var lease = Granted(result, permitCount);
        var slot = DateTimeOffset.FromUnixTimeMilliseconds(asked.ToUnixTimeMilliseconds() + (long)result[1]);

        // Measured from now: the round trip to Redis has already spent part of the wait.
        var wait = slot - _timeProvider.GetUtcNow();
        if (lease.IsAcquired && wait > TimeSpan.Zero)
        {
            // The slot is this caller's from now on: one that gives up has still spent it, which errs on the safe side.
            var slotReached = Task.Delay(wait, _timeProvider, cancellationToken);
            WaitingForSlot?.Invoke(wait);
            await slotReached;
        }

        return lease;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Runs the farm's script (refusing beyond no wait) with the local grants Redis has not counted yet; null, after
    /// logging, when Redis cannot be reached. See <see cref="EvaluateAsync"/>.
    /// </summary>
    private RedisResult[]? Evaluate(IDatabase database, int permitCount)
    {
        var unshared = TakeUnshared();
        try
        {
            return (RedisResult[])database.ScriptEvaluate(FarmRateLimiterScript.Acquire, [_key], Arguments(permitCount, TimeSpan.Zero, unshared, _timeProvider.GetUtcNow()))!;
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            ReturnUnshared(unshared);
            _connection.Failed("take a farm permit", exception);
            return null;
        }
    }

    /// <summary>
    /// Runs the farm's script with the local grants Redis has not counted yet: they are taken out for the call, so that
    /// no concurrent call sends them too, and put back if it cannot reach Redis. A call whose script ran but whose answer
    /// was lost puts them back as well, and they are counted twice: that errs on the safe side. Null, after logging,
    /// when Redis cannot be reached.
    /// </summary>
    private async Task<RedisResult[]?> EvaluateAsync(IDatabase database, int permitCount, TimeSpan maxWait, DateTimeOffset now, string operation)
    {
        var unshared = TakeUnshared();
        try
        {
            return (RedisResult[])(await database.ScriptEvaluateAsync(FarmRateLimiterScript.Acquire, [_key], Arguments(permitCount, maxWait, unshared, now)))!;
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            ReturnUnshared(unshared);
            _connection.Failed(operation, exception);
            return null;
        }
    }

    private long[] TakeUnshared()
    {
        lock (_unsharedGate)
        {
            if (_unshared.Count == 0)
            {
                return [];
            }

            long[] taken = [.. _unshared];
            _unshared.Clear();
            return taken;
        }
    }

    private void ReturnUnshared(long[] taken)
    {
        if (taken.Length == 0)
        {
            return;
        }

        lock (_unsharedGate)
        {
            _unshared.AddRange(taken);
        }
    }

    private RedisValue[] Arguments(int permitCount, TimeSpan maxWait, long[] unshared, DateTimeOffset now) =>
        [
            now.ToUnixTimeMilliseconds(),
            (long)Window.TotalMilliseconds,
            _permitsPerMinute,
            (long)maxWait.TotalMilliseconds,
            permitCount,
            _memberPrefix + ":" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture),
            .. unshared.Select(static at => (RedisValue)at),
        ];

    private FarmLease Granted(RedisResult[] result, int permitCount)
    {
        if ((long)result[0] != 1)
        {
            return new FarmLease(TimeSpan.FromMilliseconds((long)result[1]));
        }

        // What this instance spent on the farm's quota also bounds it if Redis goes away.
        _fallback.AttemptAcquire(permitCount).Dispose();
        return FarmLease.Granted;
    }

    private RateLimitLease AcquireLocally(RateLimitLease lease, int permitCount)
    {
        if (lease.IsAcquired && permitCount > 0)
        {
            var now = _timeProvider.GetUtcNow();
            lock (_unsharedGate)
            {
                // Only the last minute's matter to the farm; the fallback's own limit bounds how many that is.
                _unshared.RemoveAll(at => at <= (now - Window).ToUnixTimeMilliseconds());
                _unshared.AddRange(Enumerable.Repeat(now.ToUnixTimeMilliseconds(), permitCount));
            }
        }

        return lease;
    }

    private async Task ShareUnsharedAsync()
    {
        if (_connection.TryGetDatabase() is { } database)
        {
            await EvaluateAsync(database, 0, TimeSpan.Zero, _timeProvider.GetUtcNow(), "share the permits granted while Redis was unreachable");
        }
    }

    /// <summary>A farm permit, or its refusal with how long until the farm's next one.</summary>
    private sealed class FarmLease(TimeSpan? retryAfter) : RateLimitLease
    {
        private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

        public static FarmLease Granted { get; } = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
