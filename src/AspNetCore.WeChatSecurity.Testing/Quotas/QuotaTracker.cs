namespace AspNetCore.WeChatSecurity.Testing.Quotas;

/// <summary>Counts calls per endpoint per clock minute and per Beijing-time day (WeChat's quotas reset at 00:00 UTC+8).</summary>
internal sealed class QuotaTracker(TimeProvider time, WeChatEmulatorOptions options)
{
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    private readonly Lock _gate = new();
    private readonly Dictionary<WeChatEmulatorEndpoint, Usage> _usage = [];

    /// <summary>Takes one call from the endpoint's quota; returns 0, or the errcode that refuses the call (45009 daily, 45011 per minute).</summary>
    public int TryAcquire(WeChatEmulatorEndpoint endpoint)
    {
        if (!options.Quotas.TryGetValue(endpoint, out var quota))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        var day = DateOnly.FromDateTime((now + BeijingOffset).UtcDateTime);
        lock (_gate)
        {
            if (!_usage.TryGetValue(endpoint, out var usage))
            {
                usage = new Usage();
                _usage[endpoint] = usage;
            }

            if (usage.Day != day)
            {
                usage.Day = day;
                usage.DayCount = 0;
            }

            if (usage.Minute != minute)
            {
                usage.Minute = minute;
                usage.MinuteCount = 0;
            }

            if (usage.DayCount >= quota.PerDay)
            {
                return EmulatorErrors.DailyQuota;
            }

            if (usage.MinuteCount >= quota.PerMinute)
            {
                return EmulatorErrors.MinuteQuota;
            }

            usage.DayCount++;
            usage.MinuteCount++;
            return 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _usage.Clear();
        }
    }

    private sealed class Usage
    {
        public long Minute { get; set; } = -1;

        public DateOnly Day { get; set; }

        public int MinuteCount { get; set; }

        public int DayCount { get; set; }
    }
}
