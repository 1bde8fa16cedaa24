namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>The WeChat endpoints the emulator answers, for counters, faults, quotas and the request log.</summary>
public enum WeChatEmulatorEndpoint
{
    /// <summary>A path the emulator does not know; answered with HTTP 404 and errcode 40066.</summary>
    Unknown = 0,

    /// <summary><c>GET /cgi-bin/token</c>.</summary>
    Token = 1,

    /// <summary><c>POST /cgi-bin/stable_token</c>.</summary>
    StableToken = 2,

    /// <summary><c>POST /wxa/msg_sec_check</c>.</summary>
    MsgSecCheck = 3,

    /// <summary><c>POST /wxa/img_sec_check</c>.</summary>
    ImgSecCheck = 4,

    /// <summary><c>POST /wxa/media_check_async</c>.</summary>
    MediaCheckAsync = 5,
}
