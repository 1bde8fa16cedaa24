using AspNetCore.WeChatSecurity.Api;

namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>
/// What to change when WeChat refuses to issue an access token, by its errcode: the codes a new deployment meets are
/// all about the account's settings, and WeChat's own messages do not say where those are.
/// </summary>
internal static class TokenErrorAdvice
{
    private const string Credentials = "Check WeChatSecurity:AppId and WeChatSecurity:AppSecret.";

    public static string For(int errorCode) => errorCode switch
    {
        40013 => "WeChat does not know this AppId: set WeChatSecurity:AppId to the mini program's AppId (mp.weixin.qq.com, Development > Development management > Development settings).",
        40125 => "The AppSecret does not belong to this AppId: set WeChatSecurity:AppSecret to the mini program's current AppSecret (reset it in Development settings if it was lost; a reset invalidates the old one).",
        40164 => "This server's IP address (in WeChat's message) is not on the mini program's API IP whitelist: add it in Development settings > IP whitelist.",
        40243 => "The AppSecret is frozen: unfreeze or reset it in the mini program console (Development settings).",
        41002 => "No AppId was sent: set WeChatSecurity:AppId.",
        41004 => "No AppSecret was sent: set WeChatSecurity:AppSecret (user-secrets or the WeChatSecurity__AppSecret environment variable).",
        WeChatErrorCodes.DailyQuotaExceeded => "The daily quota of access-token requests is spent; it resets at 00:00 China Standard Time. With several servers, use TokenSource Stable so that they share one token.",
        WeChatErrorCodes.MinuteQuotaExceeded => "Too many access-token requests this minute; the library tries again later.",
        48001 => "This account is not allowed to call the token API: check that the AppId is a mini program's and that its API access is not restricted.",
        89503 or 89501 => "WeChat asks the account's administrator to confirm calls from this server's IP address: confirm it in WeChat, or add the address to the API IP whitelist.",
        89506 or 89507 => "The account's administrator refused calls from this server's IP address: add it to the API IP whitelist in Development settings.",
        WeChatErrorCodes.SystemBusy => "WeChat is busy; the library tries again later.",
        _ => Credentials,
    };
}
