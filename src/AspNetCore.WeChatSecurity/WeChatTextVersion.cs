namespace AspNetCore.WeChatSecurity;

/// <summary>Which version of <c>msg_sec_check</c> checks text.</summary>
public enum WeChatTextVersion
{
    /// <summary>v2 when the request carries an openid (see <see cref="WeChatSecurityOptions.OpenIdClaimType"/>), otherwise v1.</summary>
    Auto = 0,

    /// <summary>Always v1 (<c>{"content"}</c>, errcode 87014 for risky content).</summary>
    V1 = 1,

    /// <summary>Always v2 (needs an openid; answers pass, review or risky with a label).</summary>
    V2 = 2,
}
