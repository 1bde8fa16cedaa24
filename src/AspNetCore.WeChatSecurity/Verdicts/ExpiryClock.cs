namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// The clock the memory level checks expiry against, on every cache hit. On the system clock it reads the tick count
/// (a few nanoseconds, millisecond resolution, never jumps with the wall clock) rather than the wall clock, whose read
/// costs tens of nanoseconds on virtual machines and would be most of a hit; any other <see cref="TimeProvider"/> (a
/// test's fake one) is read as it is, so that advancing it expires verdicts exactly.
/// </summary>
internal sealed class ExpiryClock(TimeProvider timeProvider)
{
    private readonly bool _system = timeProvider == TimeProvider.System;

    /// <summary>Now, in 100-nanosecond ticks from an origin of this clock's own.</summary>
    public long Now => _system ? Environment.TickCount64 * TimeSpan.TicksPerMillisecond : timeProvider.GetUtcNow().UtcTicks;

    /// <summary>The moment <paramref name="delay"/> from now, on this clock.</summary>
    public long After(TimeSpan delay) => Now + delay.Ticks;
}
