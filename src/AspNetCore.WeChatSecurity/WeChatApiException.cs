namespace AspNetCore.WeChatSecurity;

/// <summary>
/// WeChat answered a call with an error code that is not a verdict (for example 40003 for a bad openid, or 40006 for an
/// image that is too large). It carries the API, the code and WeChat's message, never the token or the request URL.
/// </summary>
public sealed class WeChatApiException : WeChatContentSecurityException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="api">The API that failed, for example <c>msg_sec_check</c>.</param>
    /// <param name="errorCode">WeChat's <c>errcode</c>.</param>
    /// <param name="errorMessage">WeChat's <c>errmsg</c>.</param>
    public WeChatApiException(string api, int errorCode, string? errorMessage)
        : base($"WeChat {api} failed with errcode {errorCode}: {errorMessage ?? "(no errmsg)"}.")
    {
        Api = api;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>Creates the exception with a hint saying what to fix.</summary>
    internal WeChatApiException(string api, int errorCode, string? errorMessage, string hint)
        : base($"WeChat {api} failed with errcode {errorCode}: {errorMessage ?? "(no errmsg)"}. {hint}")
    {
        Api = api;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The API that failed, for example <c>msg_sec_check</c>.</summary>
    public string Api { get; }

    /// <summary>WeChat's <c>errcode</c>.</summary>
    public int ErrorCode { get; }

    /// <summary>WeChat's <c>errmsg</c>.</summary>
    public string? ErrorMessage { get; }
}
