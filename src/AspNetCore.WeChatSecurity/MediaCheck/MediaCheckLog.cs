using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.MediaCheck;

internal static partial class MediaCheckLog
{
    [LoggerMessage(500, LogLevel.Information, "Received the media check verdict for trace {TraceId}: version {Version}, {Suggestion}, errcode {ErrorCode}.", EventName = nameof(VerdictReceived))]
    public static partial void VerdictReceived(ILogger logger, string traceId, int version, WeChatSuggestion suggestion, int errorCode);

    [LoggerMessage(501, LogLevel.Warning, "Rejected a request to the WeChat push endpoint: {Reason}.", EventName = nameof(PushRejected))]
    public static partial void PushRejected(ILogger logger, string reason);

    [LoggerMessage(502, LogLevel.Debug, "Ignored a WeChat push for event {Event}.", EventName = nameof(PushIgnored))]
    public static partial void PushIgnored(ILogger logger, string @event);

    [LoggerMessage(503, LogLevel.Error, "A media check result handler failed for trace {TraceId}; answering 500 so that WeChat delivers the push again.", EventName = nameof(HandlerFailed))]
    public static partial void HandlerFailed(ILogger logger, string traceId, Exception exception);
}
