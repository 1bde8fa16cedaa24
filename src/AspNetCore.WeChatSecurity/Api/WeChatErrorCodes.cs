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

    /// <summary>The access token is not valid (or, for <c>/cgi-bin/token</c>, the AppSecret is wrong).</summary>
    public const int InvalidCredential = 40001;

    /// <summary>The access token is not the latest: another <c>/cgi-bin/token</c> call replaced it.</summary>
    public const int InvalidAccessToken = 40014;

    /// <summary>The access token has expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>Too many calls this minute.</summary>
    public const int MinuteFrequencyLimit = 44991;

    /// <summary>The daily quota is spent until 00:00 China Standard Time.</summary>
    public const int DailyQuotaExceeded = 45009;

    /// <summary>The per-minute quota is spent.</summary>
    public const int MinuteQuotaExceeded = 45011;

    /// <summary>A rejected access token (40001, 40014, 42001): get another, retry once.</summary>
    public static bool IsTokenError(int errorCode) => errorCode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>
    /// A spent quota, per minute (44991, 45011: nothing goes upstream until the next minute) or per day (45009): WeChat
    /// not answering, not a refusal.
    /// </summary>
    public static bool IsQuotaSpent(int errorCode) => errorCode is MinuteFrequencyLimit or MinuteQuotaExceeded or DailyQuotaExceeded;
}
