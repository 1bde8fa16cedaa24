namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>The errcodes the emulator answers with, and WeChat's errmsg for each.</summary>
internal static class EmulatorErrors
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidGrantType = 40002;
    public const int InvalidOpenId = 40003;
    public const int InvalidMediaType = 40004;
    public const int InvalidMediaSize = 40006;
    public const int InvalidAppId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidUrl = 40066;
    public const int InvalidAppSecret = 40125;
    public const int InvalidScene = 40129;
    public const int AccessTokenMissing = 41001;
    public const int AppIdMissing = 41002;
    public const int AppSecretMissing = 41004;
    public const int MediaDataMissing = 41005;
    public const int AccessTokenExpired = 42001;
    public const int RequireGet = 43001;
    public const int RequirePost = 43002;
    public const int EmptyPostData = 44002;
    public const int DailyQuota = 45009;
    public const int MinuteQuota = 45011;
    public const int DataFormatError = 47001;
    public const int RiskyContent = 87014;
    public const int RepeatedRequest = 87020;
    public const int MediaUnreachable = -1008;

    /// <summary>-1008 as WeChat's v1 push writes it: an unsigned 32-bit status code.</summary>
    public const long MediaUnreachableStatusCode = 4294966288;

    public static string Message(int errorCode) => errorCode switch
    {
        SystemBusy => "system error",
        InvalidCredential => "invalid credential, access_token is invalid or not latest",
        InvalidGrantType => "invalid grant_type",
        InvalidOpenId => "invalid openid",
        InvalidMediaType => "invalid media type",
        InvalidMediaSize => "invalid meida size",
        InvalidAppId => "invalid appid",
        InvalidAccessToken => "invalid access_token",
        InvalidUrl => "invalid url",
        InvalidAppSecret => "invalid appsecret",
        InvalidScene => "invalid scene",
        AccessTokenMissing => "access_token missing",
        AppIdMissing => "appid missing",
        AppSecretMissing => "appsecret missing",
        MediaDataMissing => "media data missing",
        AccessTokenExpired => "access_token expired",
        RequireGet => "require GET method",
        RequirePost => "require POST method",
        EmptyPostData => "empty post data",
        DailyQuota => "reach max api daily quota limit",
        MinuteQuota => "api minute-quota reach limit  mustslower  retry next minute",
        DataFormatError => "data format error",
        RiskyContent => "risky content",
        RepeatedRequest => "repeated request limit",
        MediaUnreachable => "media download failed",
        _ => "error",
    };
}
