using System.Threading.RateLimiting;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Keeps calls at or under a number per minute over any sliding 60-second window, which also keeps them under WeChat's
/// per-calendar-minute quota, within this process. It remembers when each of the last N permits was granted (a ring of
/// N timestamps): permit N+1 is granted when the oldest of them is a minute old. A caller whose permit is at most the
/// allowed wait away is given it when it comes; one that would wait longer is refused at once, with
/// <see cref="MetadataName.RetryAfter"/>, so nothing waits without bound. This is the limiter of a single server and the
/// fallback of a farm's shared one while the farm cannot reach it (<see cref="IWeChatSharedQuota.CreateLimiter"/>).
/// </summary>
internal sealed class WeChatMinuteRateLimiter : RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _maxWait;
    private readonly long[] _slots;
    private readonly Lock _gate = new();
    private int _oldest;
    private long _granted;
    private long _refused;

    /// <summary>Creates a limiter of <paramref name="permitsPerMinute"/> permits a minute.</summary>
    /// <param name="permitsPerMinute">Permits in any 60 seconds; at least 1.</param>
    /// <param name="maxWait">The longest a caller waits for its permit; one further away is refused.</param>
    /// <param name="timeProvider">The clock.</param>
    public WeChatMinuteRateLimiter(int permitsPerMinute, TimeSpan maxWait, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _maxWait = maxWait;
        _slots = new long[permitsPerMinute];
        Array.Fill(_slots, long.MinValue / 2);
    }

    /// <summary>The permits granted in any 60 seconds.</summary>
    public int PermitsPerMinute => _slots.Length;

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => null;

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow().UtcTicks;
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _slots.Count(slot => slot + Window.Ticks <= now),
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Reserve(permitCount, TimeSpan.Zero, out _);

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lease = Reserve(permitCount, _maxWait, out var wait);
        if (lease.IsAcquired && wait > TimeSpan.Zero)
        {
            // The permit is this caller's from now on: one that gives up has still spent it, which errs on the safe side.
            await Task.Delay(wait, _timeProvider, cancellationToken);
        }

        return lease;
    }

    private WeChatRateLimitLease Reserve(int permitCount, TimeSpan maxWait, out TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _slots.Length);
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow().UtcTicks;

            // The k-th permit from now goes in the slot of the k-th oldest grant, a minute after it.
            var last = permitCount == 0 ? _slots[_oldest] : _slots[(_oldest + permitCount - 1) % _slots.Length];
            wait = TimeSpan.FromTicks(Math.Max(0, last + Window.Ticks - now));
            if (wait > maxWait)
            {
                _refused++;
                return WeChatRateLimitLease.Refused(wait);
            }

            for (var i = 0; i < permitCount; i++)
            {
                _slots[_oldest] = Math.Max(now, _slots[_oldest] + Window.Ticks);
                _oldest = (_oldest + 1) % _slots.Length;
            }

            _granted++;
            return WeChatRateLimitLease.Granted;
        }
    }
}
