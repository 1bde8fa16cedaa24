using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>Logging of the checks in front of actions. Content is never logged, only field names.</summary>
internal static partial class WeChatCheckLog
{
    [LoggerMessage(EventId = 300, EventName = nameof(ContentRejected), Level = LogLevel.Information,
        Message = "WeChat rejected the content of {Fields} for {Target}.")]
    public static partial void ContentRejected(ILogger logger, IEnumerable<string> fields, string target);

    [LoggerMessage(EventId = 301, EventName = nameof(InvalidContent), Level = LogLevel.Information,
        Message = "The content of {Fields} for {Target} cannot be checked ({Reason}).")]
    public static partial void InvalidContent(ILogger logger, IEnumerable<string> fields, string target, WeChatInvalidContentReason reason);

    [LoggerMessage(EventId = 302, EventName = nameof(UnavailableBlocked), Level = LogLevel.Warning,
        Message = "WeChat could not check the content for {Target} ({Reason}); answered 503 because the failure mode is Block.")]
    public static partial void UnavailableBlocked(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 303, EventName = nameof(UnavailableAllowed), Level = LogLevel.Warning,
        Message = "WeChat could not check the content for {Target} ({Reason}); the request continues unchecked because the failure mode is Allow.")]
    public static partial void UnavailableAllowed(ILogger logger, string target, string reason);

    [LoggerMessage(EventId = 304, EventName = nameof(CheckerFailed), Level = LogLevel.Error,
        Message = "The WeChat content check for {Target} could not be asked as it should be (a configuration or caller error, not an outage); answered 503 whatever the failure mode, so the content is not published.")]
    public static partial void CheckerFailed(ILogger logger, Exception exception, string target);

    [LoggerMessage(EventId = 305, EventName = nameof(ExceptionHandled), Level = LogLevel.Debug,
        Message = "Answered a WeChat content-security exception thrown while handling {Target} with {StatusCode}.")]
    public static partial void ExceptionHandled(ILogger logger, string target, int statusCode);

    // Not UnavailableBlocked: an Ensure… call is answered 503 whatever the failure mode, since the action has stopped.
    [LoggerMessage(EventId = 306, EventName = nameof(UnavailableInAction), Level = LogLevel.Warning,
        Message = "WeChat could not check the content an Ensure… call gave for {Target} ({Reason}); answered 503 whatever the failure mode, because the action had already stopped.")]
    public static partial void UnavailableInAction(ILogger logger, string target, string reason);

    // Not InvalidContent: the fields would be every one of the values, thousands of them in the request it is for.
    [LoggerMessage(EventId = 307, EventName = nameof(TooManyChecks), Level = LogLevel.Information,
        Message = "A request to {Target} needs {Count} WeChat {Kind} checks, over the limit of {Limit}; answered 413 without a check.")]
    public static partial void TooManyChecks(ILogger logger, string target, int count, string kind, int limit);
}
