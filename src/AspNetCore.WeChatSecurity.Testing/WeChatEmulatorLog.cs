using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Testing;

internal static partial class WeChatEmulatorLog
{
    [LoggerMessage(EventId = 1, EventName = nameof(RequestAnswered), Level = LogLevel.Debug, Message = "WeChat emulator answered {Endpoint} with HTTP {StatusCode}, errcode {ErrorCode}.")]
    public static partial void RequestAnswered(this ILogger logger, WeChatEmulatorEndpoint endpoint, int statusCode, int errorCode);

    [LoggerMessage(EventId = 2, EventName = nameof(FaultInjected), Level = LogLevel.Information, Message = "WeChat emulator injected a {Kind} fault into {Endpoint}.")]
    public static partial void FaultInjected(this ILogger logger, WeChatEmulatorFaultKind kind, WeChatEmulatorEndpoint endpoint);

    [LoggerMessage(EventId = 3, EventName = nameof(MediaUnreachable), Level = LogLevel.Information, Message = "WeChat emulator could not download the media of {TraceId}; its push reports -1008.")]
    public static partial void MediaUnreachable(this ILogger logger, string traceId);

    [LoggerMessage(EventId = 4, EventName = nameof(PushDelivered), Level = LogLevel.Debug, Message = "WeChat emulator pushed the verdict of {TraceId} ({Suggest}); the application answered HTTP {StatusCode}.")]
    public static partial void PushDelivered(this ILogger logger, string traceId, string suggest, int statusCode);

    [LoggerMessage(EventId = 5, EventName = nameof(PushFailed), Level = LogLevel.Warning, Message = "WeChat emulator could not push the verdict of {TraceId} after {Attempts} attempts: {Reason}")]
    public static partial void PushFailed(this ILogger logger, string traceId, int attempts, string reason);

    [LoggerMessage(EventId = 6, EventName = nameof(PushCrashed), Level = LogLevel.Error, Message = "WeChat emulator failed while preparing the push of {TraceId}.")]
    public static partial void PushCrashed(this ILogger logger, Exception exception, string traceId);
}
