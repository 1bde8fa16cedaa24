using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Reads a store's records, logging one whose JSON cannot be read (edited by hand, written by a newer version) instead of
/// failing every sweep, push and submission that meets it: each lookup passes over it as if it were absent. The record
/// is kept: deleting it would lose a check, and the log names it (never its content) for repair. Compiled into each
/// store package, as <see cref="MediaCheckRecordJsonContext"/> is.
/// </summary>
/// <remarks>
/// Every sweep meets an unreadable due record again: it is logged the first time this reader meets it, and again only
/// when its content changes (a repair that did not take) or after it was read fine in between, so that one bad record
/// does not fill the log once per sweep for as long as it stays.
/// </remarks>
internal sealed class MediaCheckRecordReader(ILogger logger, string store)
{
    // Bounds the memory of records already reported; past it, the memory starts again (each is reported once more).
    private const int MaxRemembered = 10_000;

    // Record id → a hash of the content that was reported (this process's own hash: it is never stored).
    private readonly ConcurrentDictionary<string, int> _reported = new(StringComparer.Ordinal);

    public bool TryRead(ReadOnlySpan<byte> utf8Json, string recordId, [NotNullWhen(true)] out WeChatMediaCheckRecord? record)
    {
        JsonException? failure = null;
        try
        {
            record = JsonSerializer.Deserialize(utf8Json, MediaCheckRecordJsonContext.Default.WeChatMediaCheckRecord);
        }
        catch (JsonException exception)
        {
            failure = exception;
            record = null;
        }

        if (record is not null)
        {
            if (!_reported.IsEmpty)
            {
                _reported.TryRemove(recordId, out _);
            }

            return true;
        }

        var content = ContentHash(utf8Json);
        if (_reported.TryGetValue(recordId, out var reported) && reported == content)
        {
            return false;
        }

        if (_reported.Count >= MaxRemembered)
        {
            _reported.Clear();
        }

        _reported[recordId] = content;
        MediaCheckStoreLog.UnreadableRecord(logger, store, recordId, failure);
        return false;
    }

    private static int ContentHash(ReadOnlySpan<byte> utf8Json)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8Json);
        return hash.ToHashCode();
    }
}
