namespace AspNetCore.WeChatSecurity.Api;

/// <summary>Names shared by the client, its logs and metrics, and the emulator.</summary>
internal static class WeChatApiNames
{
    /// <summary>The named <see cref="HttpClient"/> every WeChat call goes through.</summary>
    public const string HttpClientName = "AspNetCore.WeChatSecurity";

    public const string MsgSecCheck = "msg_sec_check";
    public const string ImgSecCheck = "img_sec_check";
    public const string MediaCheckAsync = "media_check_async";
    public const string StableToken = "stable_token";
    public const string Token = "token";

    public const string MsgSecCheckPath = "/wxa/msg_sec_check";
    public const string ImgSecCheckPath = "/wxa/img_sec_check";
    public const string MediaCheckAsyncPath = "/wxa/media_check_async";
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string TokenPath = "/cgi-bin/token";
}
