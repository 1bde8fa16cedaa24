namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The sweeper's memory of checks it could not handle, so that one bad check costs only itself. A check whose failure
/// could be postponed in the store is simply due later; one the store cannot write at all (it throws for that record
/// every time) stays first among the due checks, so it is remembered here, by id and the revision that failed, and
/// passed over until its retry time: the sweep asks the store for as many more due checks as it passes over, so that
/// such checks cannot fill the batch ahead of the others, and each is tried again with a delay that doubles.
/// </summary>
/// <remarks>
/// The memory also decides what is logged: a check's first failure (and a failure of another kind) at Error, each
/// repeat at Debug, so that a check that keeps failing does not fill the log once per sweep. It is this process's memory
/// only (the store could not keep it), bounded: past <see cref="MaxRemembered"/> checks it starts again, and a check
/// forgotten is tried and reported once more.
/// </remarks>
internal sealed class SweepFailures
{
    internal const int MaxRemembered = 10_000;

    // The retry delay doubles with each failure up to this many times the configured delay.
    private const int MaxBackoffDoublings = 5;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Revision, Type Failure, int Count, DateTimeOffset RetryAt)> _byId = new(StringComparer.Ordinal);

    /// <summary>
    /// How many remembered checks wait for their retry at <paramref name="now"/>: at most how many due checks a sweep at
    /// <paramref name="now"/> passes over. The others are remembered only to count their failures in a row, and asking
    /// the store for as many more due checks would read up to <see cref="MaxRemembered"/> records a sweep for nothing.
    /// </summary>
    public int Waiting(DateTimeOffset now)
    {
        lock (_gate)
        {
            var waiting = 0;
            foreach (var failed in _byId.Values)
            {
                if (now < failed.RetryAt)
                {
                    waiting++;
                }
            }

            return waiting;
        }
    }

    /// <summary>
    /// True when <paramref name="record"/> failed as it is now (the same revision: the store could not move it) and its
    /// retry time has not come.
    /// </summary>
    public bool IsWaiting(WeChatMediaCheckRecord record, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(record.Id, out var failed) && failed.Revision == record.Revision && now < failed.RetryAt;
        }
    }

    /// <summary>Remembers that <paramref name="record"/> failed with <paramref name="failure"/>.</summary>
    /// <returns>
    /// The failure's number in a row (1 for the first, or one of another kind than the last: those are logged in full),
    /// and when it is tried again unless the store moved it.
    /// </returns>
    public (int Count, DateTimeOffset RetryAt) Failed(WeChatMediaCheckRecord record, Exception failure, DateTimeOffset now, TimeSpan retryDelay)
    {
        lock (_gate)
        {
            var count = _byId.TryGetValue(record.Id, out var earlier) && earlier.Failure == failure.GetType() ? earlier.Count + 1 : 1;
            if (count == 1 && _byId.Count >= MaxRemembered)
            {
                _byId.Clear();
            }

            var retryAt = now + (retryDelay * (1 << Math.Min(count - 1, MaxBackoffDoublings)));
            _byId[record.Id] = (record.Revision, failure.GetType(), count, retryAt);
            return (count, retryAt);
        }
    }

    /// <summary>Forgets a check that was handled, so that a later failure of it is reported in full again.</summary>
    public void Succeeded(string recordId)
    {
        lock (_gate)
        {
            _byId.Remove(recordId);
        }
    }
}
