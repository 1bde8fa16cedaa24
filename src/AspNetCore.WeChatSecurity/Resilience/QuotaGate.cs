namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Shut after WeChat says a quota is spent, so no further call goes upstream until it resets: the next minute after
/// 44991/45011, 00:00 China Standard Time (UTC+8) after 45009. Calls made while it is shut would only spend more.
/// With a shared gate (a farm), what this instance learns is shared, and what another learned shuts this one too.
/// </summary>
internal sealed class QuotaGate(TimeProvider timeProvider, string family, IWeChatSharedQuota? shared = null)
{
    private static readonly TimeSpan ChinaStandardTimeOffset = TimeSpan.FromHours(8);
    private long _openAtUtcTicks;
    private int _daily;

    /// <summary>True while shut.</summary>
    public bool IsShut => RetryAfter is not null;

    /// <summary>True when the gate is shut for the day rather than the minute.</summary>
    public bool IsShutForTheDay => State(out _) is true;

    /// <summary>How long until the gate opens, or null when it is open.</summary>
    public TimeSpan? RetryAfter => State(out var remaining) is null ? null : remaining;

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

    // Null when open; otherwise whether shut for the day, with the time left (the later of the local and shared gates).
    private bool? State(out TimeSpan remaining)
    {
        var now = timeProvider.GetUtcNow();
        var localRemaining = Volatile.Read(ref _openAtUtcTicks) - now.UtcTicks;
        bool? daily = localRemaining > 0 ? Volatile.Read(ref _daily) == 1 : null;
        remaining = TimeSpan.FromTicks(Math.Max(0, localRemaining));
        if (shared is not null && shared.IsShut(family, now, out var reopensAt, out var sharedDaily) && reopensAt - now > remaining)
        {
            remaining = reopensAt - now;
            daily = sharedDaily;
        }

        return daily;
    }

    private void Extend(DateTimeOffset openAt, bool daily)
    {
        shared?.Shut(family, openAt, daily);
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
