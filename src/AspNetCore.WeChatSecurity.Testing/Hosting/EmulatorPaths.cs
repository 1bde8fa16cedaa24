namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>WeChat's own API paths, which the emulator answers as WeChat does.</summary>
internal static class EmulatorPaths
{
    public const string MsgSecCheckPath = "/wxa/msg_sec_check";
    public const string ImgSecCheckPath = "/wxa/img_sec_check";
    public const string MediaCheckAsyncPath = "/wxa/media_check_async";
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string TokenPath = "/cgi-bin/token";
}
