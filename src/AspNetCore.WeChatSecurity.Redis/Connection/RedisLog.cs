using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Redis.Connection;

/// <summary>The package's events, 9xx: the core and the other packages use 1xx to 8xx.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(900, LogLevel.Warning, "Redis cannot be reached ({Failure}): this instance runs on its own (local limiter at its share of the farm's limits, local verdict cache, local quota gate) until it reconnects.", EventName = nameof(Unreachable))]
    public static partial void Unreachable(ILogger logger, string failure);

    [LoggerMessage(901, LogLevel.Information, "Redis is reachable again: the farm's quota, gate and verdicts are shared again.", EventName = nameof(Reconnected))]
    public static partial void Reconnected(ILogger logger);

    [LoggerMessage(902, LogLevel.Warning, "A Redis command ({Operation}) failed; this instance falls back to its local behaviour for it.", EventName = nameof(CommandFailed))]
    public static partial void CommandFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(903, LogLevel.Warning, "Redis could not be asked whether a WeChat push was seen before with another body; the push is answered 503, and WeChat sends it again.", EventName = nameof(PushReplayCheckFailed))]
    public static partial void PushReplayCheckFailed(ILogger logger, Exception exception);

    // Not CommandFailed (902): the store has no local behaviour to fall back to, and its caller answers 503 instead.
    [LoggerMessage(904, LogLevel.Warning, "A command of the media check store ({Operation}) failed; what needed it is answered 503 (a push: WeChat sends it again) or tried again at the next sweep.", EventName = nameof(MediaStoreCommandFailed))]
    public static partial void MediaStoreCommandFailed(ILogger logger, string operation, Exception exception);
}
