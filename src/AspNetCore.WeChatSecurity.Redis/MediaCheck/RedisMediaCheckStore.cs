using System.Globalization;
using System.Text.Json;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.MediaCheck;

/// <summary>
/// Pending media checks in Redis, shared by every instance: a check submitted on one instance is found by the push
/// that reaches another, and the compare-and-set on the revision runs as one script, so only one instance delivers.
/// There is no local fallback: a check kept by one instance alone could be pushed to another and lost. While Redis is
/// unreachable, submissions and pushes fail as unavailable (503 with Retry-After; WeChat retries its pushes).
/// </summary>
internal sealed class RedisMediaCheckStore(RedisConnection connection, ILogger<RedisMediaCheckStore> logger) : IWeChatMediaCheckStore
{
    private const int RemoveBatch = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly string _prefix = connection.KeyPrefix + "{media-checks}:";
    private readonly string _sweeper = Guid.NewGuid().ToString("N");
    private readonly Action<string, Exception> _failed = (operation, exception) => RedisLog.MediaStoreCommandFailed(logger, operation, exception);
    private readonly MediaCheckRecordReader _reader = new(logger, "Redis");

    public async ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        RedisValue[] arguments =
        [
            _prefix, record.Id, Text(record.Revision), State(record), Serialize(record), Score(record.DueAt), record.MediaKey ?? string.Empty,
            .. TraceIds(record),
        ];
        var added = await EvaluateAsync("add a media check", RedisMediaCheckScripts.Add, [RecordKey(record.Id)], arguments);
        return (long)added == 1;
    }

    public async ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        var found = await EvaluateAsync("find a media check", RedisMediaCheckScripts.FindByTraceId, [_prefix + "trace:" + traceId], [_prefix]);
        return FirstReadable(found);
    }

    public async ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaKey);
        var found = await EvaluateAsync("find a pending media check", RedisMediaCheckScripts.FindPendingByMediaKey, [_prefix + "media:" + mediaKey], [_prefix]);
        return FirstReadable(found);
    }

    public async ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        RedisValue[] arguments =
        [
            _prefix, replacement.Id, Text(replacement.Revision - 1), Text(replacement.Revision), State(replacement), Serialize(replacement),
            Score(replacement.DueAt), replacement.MediaKey ?? string.Empty,
            .. TraceIds(replacement),
        ];
        var replaced = await EvaluateAsync("replace a media check", RedisMediaCheckScripts.Replace, [RecordKey(replacement.Id)], arguments);
        return (long)replaced == 1;
    }

    public async ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var records = new List<WeChatMediaCheckRecord>();

        // Page by page, after the last entry seen: entries that cannot be read are passed over, and must not take the
        // places of readable ones behind them.
        RedisValue afterScore = string.Empty, afterId = string.Empty;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = (RedisResult[])(await EvaluateAsync("list due media checks", RedisMediaCheckScripts.Due, [_prefix + "due"], [_prefix, Score(now), limit, afterScore, afterId]))!;
            for (var index = 0; index + 2 < found.Length && records.Count < limit; index += 3)
            {
                afterId = (RedisValue)found[index];
                afterScore = (RedisValue)found[index + 1];
                var data = (byte[])found[index + 2]!;
                if (data.Length > 0 && _reader.TryRead(data, (string)afterId!, out var record))
                {
                    records.Add(record);
                }
            }

            if (records.Count >= limit || found.Length / 3 < limit)
            {
                return records;
            }
        }
    }

    public async ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        int removed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed = (int)await EvaluateAsync("remove delivered media checks", RedisMediaCheckScripts.RemoveDelivered, [_prefix + "delivered"], [_prefix, Score(now), RemoveBatch]);
            total += removed;
        }
        while (removed == RemoveBatch);

        return total;
    }

    /// <summary>One instance sweeps at a time: the lease is a key holding the instance's token, renewed by each of its sweeps.</summary>
    public async ValueTask<bool> TryLeaseSweepAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var leased = await EvaluateAsync(
            "lease the sweeper",
            RedisMediaCheckScripts.LeaseSweep,
            [_prefix + "sweeper"],
            [_sweeper, (long)Math.Max(1, duration.TotalMilliseconds)]);
        return (long)leased == 1;
    }

    private Task<RedisResult> EvaluateAsync(string operation, string script, RedisKey[] keys, RedisValue[] arguments) =>
        connection.EvaluateOrThrowAsync(operation, script, keys, arguments, IsUnreachable, _failed, Unavailable);

    // A script or server error is not Redis being unreachable: it reaches the caller as it is.
    private static bool IsUnreachable(Exception exception) => exception is RedisConnectionException or RedisTimeoutException;

    private static WeChatUnavailableException Unavailable(string operation, Exception? exception) => new(
        WeChatUnavailableReason.TransientFailure,
        $"Redis, which keeps the farm's media checks, cannot be reached (to {operation}); try again shortly.",
        RetryAfter,
        exception);

    private RedisKey RecordKey(string id) => _prefix + "record:" + id;

    private static RedisValue[] TraceIds(WeChatMediaCheckRecord record) =>
        [.. record.EarlierTraceIds.Prepend(record.TraceId).Distinct(StringComparer.Ordinal).Select(static id => (RedisValue)id)];

    // The scripts compare the state as a string (RedisMediaCheckScripts).
    private static string State(WeChatMediaCheckRecord record) => Text(MediaCheckRecordState.Of(record));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Microseconds since the Unix epoch: exact in a sorted set's double score, finer than the contract's milliseconds.
    private static long Score(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static byte[] Serialize(WeChatMediaCheckRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, MediaCheckRecordJsonContext.Default.WeChatMediaCheckRecord);

    /// <summary>
    /// The first of the (id, data) pairs that can be read: an entry that cannot is logged and passed over, so that a
    /// pending check of the same media behind it is still found, and no entry stops every lookup that meets it.
    /// </summary>
    private WeChatMediaCheckRecord? FirstReadable(RedisResult found)
    {
        var pairs = (RedisResult[])found!;
        for (var index = 0; index + 1 < pairs.Length; index += 2)
        {
            if (_reader.TryRead((byte[])pairs[index + 1]!, (string)pairs[index]!, out var record))
            {
                return record;
            }
        }

        return null;
    }
}
