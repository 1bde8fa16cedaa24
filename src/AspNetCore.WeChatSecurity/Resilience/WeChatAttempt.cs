using System.Net;
using AspNetCore.WeChatSecurity.Api;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>What one HTTP attempt came back with: the status and, when the body was JSON, WeChat's answer.</summary>
internal sealed record WeChatAttempt(HttpStatusCode StatusCode, WeChatResponse? Response)
{
    /// <summary>Worth another try: HTTP 5xx or 429, a body that was not a readable WeChat answer, or errcode -1.</summary>
    public bool IsTransientFailure =>
        (int)StatusCode >= 500
        || StatusCode == HttpStatusCode.TooManyRequests
        || (IsHttpSuccess && Response is null)
        || Response?.ErrCode == WeChatErrorCodes.SystemBusy;

    public bool IsHttpSuccess => (int)StatusCode is >= 200 and < 300;

    public int ErrorCode => Response?.ErrCode ?? 0;
}
