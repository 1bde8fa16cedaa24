using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tokens;

internal static partial class TokensLog
{
    [LoggerMessage(200, LogLevel.Information, "Obtained a WeChat access token (forced refresh: {ForceRefresh}) valid for {LifetimeSeconds:0} s.", EventName = nameof(TokenObtained))]
    public static partial void TokenObtained(ILogger logger, bool forceRefresh, double lifetimeSeconds);

    [LoggerMessage(201, LogLevel.Warning, "WeChat rejected the access token with errcode {ErrorCode}; fetching another and retrying once.", EventName = nameof(TokenRejected))]
    public static partial void TokenRejected(ILogger logger, int errorCode);

    [LoggerMessage(202, LogLevel.Warning, "The token source returned the token WeChat had just rejected; forcing a refresh (stable_token force_refresh: true).", EventName = nameof(ForcingRefresh))]
    public static partial void ForcingRefresh(ILogger logger);

    [LoggerMessage(203, LogLevel.Error, "Fetching a WeChat access token failed ({Failure}): {Reason}", EventName = nameof(TokenFetchFailed))]
    public static partial void TokenFetchFailed(ILogger logger, string failure, string reason);

    [LoggerMessage(204, LogLevel.Error, "WeChat refused to issue an access token ({Api}): errcode {ErrorCode}, \"{ErrorMessage}\". {Fix}", EventName = nameof(TokenRefused))]
    public static partial void TokenRefused(ILogger logger, string api, int errorCode, string errorMessage, string fix);
}
