using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>Logs of the verdict cache. Content is never logged: a <see cref="VerdictKey"/> shows only its seeded hash.</summary>
internal static partial class VerdictsLog
{
    [LoggerMessage(EventId = 400, EventName = nameof(CacheHit), Level = LogLevel.Debug,
        Message = "Verdict cache hit ({Level}) for {VerdictKey}.")]
    public static partial void CacheHit(ILogger logger, VerdictCacheLevel level, VerdictKey verdictKey);

    [LoggerMessage(EventId = 401, EventName = nameof(CacheMiss), Level = LogLevel.Debug,
        Message = "Verdict cache miss for {VerdictKey}: asking WeChat.")]
    public static partial void CacheMiss(ILogger logger, VerdictKey verdictKey);

    [LoggerMessage(EventId = 402, EventName = nameof(JoinedCheckInFlight), Level = LogLevel.Debug,
        Message = "Joined the WeChat check already under way for {VerdictKey}.")]
    public static partial void JoinedCheckInFlight(ILogger logger, VerdictKey verdictKey);

    [LoggerMessage(EventId = 403, EventName = nameof(DistributedCacheFailed), Level = LogLevel.Warning,
        Message = "The distributed verdict cache failed to {Operation} {VerdictKey}; the check goes on without it.")]
    public static partial void DistributedCacheFailed(ILogger logger, string operation, string verdictKey, Exception exception);

    [LoggerMessage(EventId = 404, EventName = nameof(DistributedEntryUnreadable), Level = LogLevel.Debug,
        Message = "The distributed verdict cache holds an unreadable entry for {VerdictKey}; it is ignored.")]
    public static partial void DistributedEntryUnreadable(ILogger logger, string verdictKey);
}
