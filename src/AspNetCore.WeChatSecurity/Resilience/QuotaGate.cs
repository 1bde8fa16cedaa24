namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Shut after WeChat says a quota is spent, so no further call goes upstream until it resets: the next minute after
/// 44991/45011, 00:00 China Standard Time (UTC+8) after 45009. Calls made while it is shut would only spend more.
/// </summary>
internal sealed class QuotaGate(TimeProvider timeProvider)
{
    private static readonly TimeSpan ChinaStandardTimeOffset = TimeSpan.FromHours(8);
    private long _openAtUtcTicks;
    private int _daily;

    /// <summary>True while shut.</summary>
    public bool IsShut => RetryAfter is not null;

    /// <summary>True when the gate is shut for the day rather than the minute.</summary>
    public bool IsShutForTheDay => IsShut && Volatile.Read(ref _daily) == 1;

    /// <summary>How long until the gate opens, or null when it is open.</summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            var remaining = Volatile.Read(ref _openAtUtcTicks) - timeProvider.GetUtcNow().UtcTicks;
            return remaining > 0 ? TimeSpan.FromTicks(remaining) : null;
        }
    }

    public DateTimeOffset ShutForTheMinute()
    {
        var now = timeProvider.GetUtcNow();
        var nextMinute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        Extend(nextMinute, daily: false);
        return nextMinute;
    }

    public DateTimeOffset ShutForTheDay()
    {
        var chinaNow = timeProvider.GetUtcNow().ToOffset(ChinaStandardTimeOffset);
        var chinaMidnight = new DateTimeOffset(chinaNow.Date.AddDays(1), ChinaStandardTimeOffset);
        Extend(chinaMidnight, daily: true);
        return chinaMidnight;
    }

    private void Extend(DateTimeOffset openAt, bool daily)
    {
        var ticks = openAt.UtcTicks;
        long current;
        do
        {
            current = Volatile.Read(ref _openAtUtcTicks);
            if (current >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _openAtUtcTicks, ticks, current) != current);

        Volatile.Write(ref _daily, daily ? 1 : 0);
    }
}
