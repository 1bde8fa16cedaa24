namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Keeps calls at or under a number per minute over any sliding 60-second window, which also keeps them under WeChat's
/// per-calendar-minute quota. It remembers when each of the last N calls was made (a ring of N timestamps): call N+1
/// may go when the oldest of them is a minute old. A caller that would wait longer than the allowed bound is refused
/// at once rather than queued, so nothing waits without bound.
/// </summary>
internal sealed class SlidingMinuteLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _maxWait;
    private readonly long[] _slots;
    private readonly Lock _gate = new();
    private int _oldest;

    public SlidingMinuteLimiter(int permitsPerMinute, TimeSpan maxWait, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerMinute, 1);
        _timeProvider = timeProvider;
        _maxWait = maxWait;
        _slots = new long[permitsPerMinute];
        Array.Fill(_slots, long.MinValue / 2);
    }

    /// <summary>Takes a permit, waiting for one when the window is full.</summary>
    /// <returns>A completed task when a permit was free; otherwise a task that completes when its slot comes.</returns>
    /// <exception cref="WeChatUnavailableException">The wait would exceed the allowed bound.</exception>
    public ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow().UtcTicks;
            var slotAt = Math.Max(now, _slots[_oldest] + Window.Ticks);
            wait = TimeSpan.FromTicks(slotAt - now);
            if (wait > _maxWait)
            {
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.RateLimited,
                    $"The client-side limit of {_slots.Length} WeChat calls a minute is reached and the next slot is {wait.TotalSeconds:0.#} s away, longer than the allowed wait of {_maxWait.TotalSeconds:0.#} s.",
                    wait);
            }

            _slots[_oldest] = slotAt;
            _oldest = (_oldest + 1) % _slots.Length;
        }

        return wait <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, _timeProvider, cancellationToken));
    }
}
