using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>The stores' events, 7xx (the core uses 1xx to 5xx). Compiled into each store package, as <see cref="MediaCheckRecordJsonContext"/> is.</summary>
internal static partial class MediaCheckStoreLog
{
    [LoggerMessage(700, LogLevel.Error, "The {Store} media check store holds record {RecordId}, which cannot be read; the sweep, a push for its trace id and a submission of its media pass over it as if it were absent. It is kept as it is: repair or delete it.", EventName = nameof(UnreadableRecord))]
    public static partial void UnreadableRecord(ILogger logger, string store, string recordId, Exception? exception);
}
