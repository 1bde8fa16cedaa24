using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Reads a stored record, logging one whose JSON cannot be read (edited by hand, written by a newer version) instead of
/// failing every sweep, push and submission that meets it: each lookup passes over it as if it were absent. The record
/// is kept: deleting it would lose a check, and the log names it (never its content) for repair. Compiled into each
/// store package, as <see cref="MediaCheckRecordJsonContext"/> is.
/// </summary>
internal static class MediaCheckRecordReader
{
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, ILogger logger, string store, string recordId, [NotNullWhen(true)] out WeChatMediaCheckRecord? record)
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

        if (record is null)
        {
            MediaCheckStoreLog.UnreadableRecord(logger, store, recordId, failure);
            return false;
        }

        return true;
    }
}
