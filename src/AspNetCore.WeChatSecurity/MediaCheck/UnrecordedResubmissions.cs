namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Resubmissions WeChat accepted whose new trace id is not yet in the store. WeChat's trace id exists only once WeChat
/// has accepted the media, so it cannot be stored before the submission; and once accepted, the submission cannot be
/// taken back. So the trace id is put here first, the moment WeChat answers, and then written to the store. Until the
/// write succeeds: a push for that trace id reaching this server writes it first (and is left unacknowledged, for
/// WeChat to send again, if it still cannot), rather than taking it for a check nobody knows; each sweep writes it
/// again; and the sweeper does not submit the check a third time meanwhile, so that a retry never submits twice.
/// </summary>
/// <remarks>
/// The write keeps both trace ids resolvable: the new one becomes the check's current trace id and the one it replaced
/// an earlier one. When the check changed meanwhile (a late verdict for the earlier trace id arrived, say), the new trace
/// id is added to its earlier ones instead, so that its push is still recognised (as already delivered, or delivering
/// the stored verdict) rather than delivered a second time as unknown. What this memory cannot cover is this process
/// dying before the write: the check then times out and is resubmitted once more, and the verdict for the lost trace id
/// is delivered as unknown (UnknownTraceId, without a correlation id). It holds at most one entry per check, and only
/// while the store fails, up to <see cref="MaxRemembered"/>.
/// </remarks>
internal sealed class UnrecordedResubmissions(IWeChatMediaCheckStore store)
{
    /// <summary>
    /// The most resubmissions remembered. Reached, no check is submitted again (<see cref="IsFull"/>) until one is
    /// stored: forgetting one would let its push through as unknown, and a check not submitted yet only waits, still due.
    /// </summary>
    internal const int MaxRemembered = 10_000;

    // A write refused because the check changed is tried again on the check as it is now, this many times.
    private const int MaxConflicts = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WeChatMediaCheckRecord> _byRecordId = new(StringComparer.Ordinal);

    /// <summary>True when the check has a resubmission that is not yet stored: it must not be resubmitted again.</summary>
    public bool Contains(string recordId)
    {
        lock (_gate)
        {
            return _byRecordId.ContainsKey(recordId);
        }
    }

    /// <summary>Remembers <paramref name="resubmitted"/> (the check as it is to be stored after WeChat accepted it).</summary>
    public void Add(WeChatMediaCheckRecord resubmitted)
    {
        lock (_gate)
        {
            _byRecordId[resubmitted.Id] = resubmitted;
        }
    }

    /// <summary>The id of the check whose unstored resubmission WeChat knows as <paramref name="traceId"/>, if any.</summary>
    public string? FindRecordId(string traceId)
    {
        lock (_gate)
        {
            return _byRecordId.Values.FirstOrDefault(record => string.Equals(record.TraceId, traceId, StringComparison.Ordinal))?.Id;
        }
    }

    /// <summary>True when <see cref="MaxRemembered"/> resubmissions wait to be stored: no other may be made meanwhile.</summary>
    public bool IsFull => Count >= MaxRemembered;

    /// <summary>How many checks have an unstored resubmission.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byRecordId.Count;
            }
        }
    }

    /// <summary>Every unstored resubmission, as the check is to be stored.</summary>
    public IReadOnlyList<WeChatMediaCheckRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byRecordId.Values];
        }
    }

    /// <summary>
    /// Writes the check's unstored resubmission to the store, and forgets it once written. A store that throws, or a check
    /// that cannot be read, reaches the caller as an exception, and the resubmission stays remembered.
    /// </summary>
    /// <returns>True when the new trace id is stored now (or was already); false when it never can be (another record took it).</returns>
    public async Task<bool> TryStoreAsync(string recordId)
    {
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            WeChatMediaCheckRecord? resubmitted;
            lock (_gate)
            {
                if (!_byRecordId.TryGetValue(recordId, out resubmitted))
                {
                    return true;
                }
            }

            var earlierTraceId = resubmitted.EarlierTraceIds[^1];
            var current = await store.FindByTraceIdAsync(earlierTraceId, CancellationToken.None);
            if (current is null || current.Id != recordId)
            {
                // The check cannot be read now (its record damaged, say): kept, like a store that throws, until it can,
                // rather than dropped, which would let the push for the new trace id through as unknown.
                throw new InvalidOperationException($"The media check {recordId} cannot be read from the store, so trace {resubmitted.TraceId}, which WeChat accepted for it, cannot be recorded yet.");
            }

            if (current.TraceId == resubmitted.TraceId || current.EarlierTraceIds.Contains(resubmitted.TraceId))
            {
                Forget(recordId, resubmitted);
                return true;
            }

            if (await store.TryReplaceAsync(Merge(current, resubmitted), CancellationToken.None))
            {
                Forget(recordId, resubmitted);
                return true;
            }
        }

        // Still refused: the new trace id belongs to another record (a push that reached another server before the write
        // took it for an unknown check and delivered it). The check keeps its earlier trace id and times out as usual.
        Forget(recordId, null);
        return false;
    }

    /// <summary>
    /// The stored check with the resubmission applied: as the sweeper meant it when the check is still the one it held,
    /// or still pending after as many submissions; otherwise (decided, delivered or resubmitted meanwhile) the check as
    /// it is, with the new trace id among its earlier ones.
    /// </summary>
    private static WeChatMediaCheckRecord Merge(WeChatMediaCheckRecord current, WeChatMediaCheckRecord resubmitted)
    {
        if (current.Revision == resubmitted.Revision - 1)
        {
            return resubmitted;
        }

        if (current.IsPending && current.Submissions == resubmitted.Submissions - 1)
        {
            return current with
            {
                TraceId = resubmitted.TraceId,
                EarlierTraceIds = [.. current.EarlierTraceIds, current.TraceId],
                Submissions = resubmitted.Submissions,
                Deadline = resubmitted.Deadline,
                DueAt = resubmitted.DueAt,
                ClaimedUntil = null,
                Revision = current.Revision + 1,
            };
        }

        return current with { EarlierTraceIds = [.. current.EarlierTraceIds, resubmitted.TraceId], Revision = current.Revision + 1 };
    }

    private void Forget(string recordId, WeChatMediaCheckRecord? resubmitted)
    {
        lock (_gate)
        {
            if (resubmitted is null || (_byRecordId.TryGetValue(recordId, out var remembered) && ReferenceEquals(remembered, resubmitted)))
            {
                _byRecordId.Remove(recordId);
            }
        }
    }
}
