namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Which version of WeChat's check API is called: <c>msg_sec_check</c> for text, <c>media_check_async</c> for media.
/// </summary>
public enum WeChatApiVersion
{
    /// <summary>v2 when the request carries an openid (see <see cref="WeChatSecurityOptions.OpenIdClaimType"/>), otherwise v1.</summary>
    Auto = 0,

    /// <summary>Always v1 (for text: <c>{"content"}</c>, errcode 87014 for risky content).</summary>
    V1 = 1,

    /// <summary>Always v2 (needs an openid; answers pass, review or risky with a label).</summary>
    V2 = 2,
}
