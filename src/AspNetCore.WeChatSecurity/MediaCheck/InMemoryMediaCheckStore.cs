namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The default store: records in this process's memory, behind one lock. Right for development and a single server
/// that can afford to forget pending checks when it restarts; use the SQLite store (or a shared one) otherwise.
/// </summary>
internal sealed class InMemoryMediaCheckStore : IWeChatMediaCheckStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WeChatMediaCheckRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByTraceId = new(StringComparer.Ordinal);

    // The pending records of each media key, in the order they were added: a repeat joins the last one.
    private readonly Dictionary<string, List<string>> _pendingIdsByMediaKey = new(StringComparer.Ordinal);

    public ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (_byId.ContainsKey(record.Id) || TraceIds(record).Any(_idByTraceId.ContainsKey))
            {
                return ValueTask.FromResult(false);
            }

            _byId[record.Id] = record;
            IndexTraceIds(record);
            IndexPending(record);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        lock (_gate)
        {
            return ValueTask.FromResult(_idByTraceId.TryGetValue(traceId, out var id) ? _byId[id] : null);
        }
    }

    public ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaKey);
        lock (_gate)
        {
            return ValueTask.FromResult(_pendingIdsByMediaKey.TryGetValue(mediaKey, out var ids) ? _byId[ids[^1]] : null);
        }
    }

    public ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        lock (_gate)
        {
            if (!_byId.TryGetValue(replacement.Id, out var stored) || stored.Revision != replacement.Revision - 1)
            {
                return ValueTask.FromResult(false);
            }

            foreach (var traceId in TraceIds(replacement))
            {
                if (_idByTraceId.TryGetValue(traceId, out var owner) && owner != replacement.Id)
                {
                    return ValueTask.FromResult(false);
                }
            }

            _byId[replacement.Id] = replacement;
            IndexTraceIds(replacement);
            if (PendingKey(stored) != PendingKey(replacement))
            {
                UnindexPending(stored);
                IndexPending(replacement);
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            IReadOnlyList<WeChatMediaCheckRecord> due = [.. _byId.Values
                .Where(record => !record.IsDelivered && record.DueAt <= now)
                .OrderBy(record => record.DueAt)
                .Take(limit)];
            return ValueTask.FromResult(due);
        }
    }

    public ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _byId.Values.Where(record => record.IsDelivered && record.DueAt <= now).ToList();
            foreach (var record in expired)
            {
                _byId.Remove(record.Id);
                foreach (var traceId in TraceIds(record))
                {
                    _idByTraceId.Remove(traceId);
                }
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    private void IndexTraceIds(WeChatMediaCheckRecord record)
    {
        foreach (var traceId in TraceIds(record))
        {
            _idByTraceId[traceId] = record.Id;
        }
    }

    private void IndexPending(WeChatMediaCheckRecord record)
    {
        if (PendingKey(record) is { } mediaKey)
        {
            if (!_pendingIdsByMediaKey.TryGetValue(mediaKey, out var ids))
            {
                _pendingIdsByMediaKey[mediaKey] = ids = [];
            }

            ids.Add(record.Id);
        }
    }

    private void UnindexPending(WeChatMediaCheckRecord record)
    {
        if (PendingKey(record) is { } mediaKey && _pendingIdsByMediaKey.TryGetValue(mediaKey, out var ids))
        {
            ids.Remove(record.Id);
            if (ids.Count == 0)
            {
                _pendingIdsByMediaKey.Remove(mediaKey);
            }
        }
    }

    // Under which media key the record is indexed as pending, or null when it is not.
    private static string? PendingKey(WeChatMediaCheckRecord record) => record.IsPending ? record.MediaKey : null;

    private static IEnumerable<string> TraceIds(WeChatMediaCheckRecord record) => record.EarlierTraceIds.Prepend(record.TraceId);
}
