namespace AspNetCore.WeChatSecurity.Api;

/// <summary>The errcodes the library acts on, defined once; every other non-zero errcode is the caller's error.</summary>
internal static class WeChatErrorCodes
{
    /// <summary>The call worked (v1: the content passes; v2: the verdict is in <c>result.suggest</c>).</summary>
    public const int Ok = 0;

    /// <summary>"System busy": worth another try.</summary>
    public const int SystemBusy = -1;

    /// <summary>Risky content: v1's verdict, sent on every 422 the library writes.</summary>
    public const int RiskyContent = 87014;

    public const int MinuteFrequencyLimit = 44991;
    public const int DailyQuotaExceeded = 45009;
    public const int MinuteQuotaExceeded = 45011;

    /// <summary>The access token is invalid (40001), not the latest (40014) or expired (42001): get another, retry once.</summary>
    public static bool IsTokenError(int errorCode) => errorCode is 40001 or 40014 or 42001;

    /// <summary>A per-minute limit (44991, 45011): nothing goes upstream until the next minute.</summary>
    public static bool IsMinuteQuota(int errorCode) => errorCode is MinuteFrequencyLimit or MinuteQuotaExceeded;
}
