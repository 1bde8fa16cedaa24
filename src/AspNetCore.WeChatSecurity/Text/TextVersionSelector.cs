namespace AspNetCore.WeChatSecurity.Text;

/// <summary>Decides between <c>msg_sec_check</c> v1 and v2 for one check.</summary>
internal static class TextVersionSelector
{
    /// <summary>Returns 1 or 2: the context's version, else the options'; Auto means v2 exactly when there is an openid.</summary>
    /// <exception cref="InvalidOperationException">v2 is required but there is no openid.</exception>
    public static int Select(WeChatCheckContext? context, WeChatSecurityOptions options)
    {
        var hasOpenId = !string.IsNullOrWhiteSpace(context?.OpenId);
        return (context?.TextVersion ?? options.TextVersion) switch
        {
            WeChatApiVersion.V1 => 1,
            WeChatApiVersion.V2 when !hasOpenId => throw new InvalidOperationException(
                "WeChat's text check v2 needs the publishing user's openid, and none was given. Sign the user in with an "
                + $"'{options.OpenIdClaimType}' claim (WeChatSecurityOptions.OpenIdClaimType), set WeChatSecurityOptions.OpenIdResolver, "
                + "pass WeChatCheckContext.OpenId, or use TextVersion Auto (v1 without an openid) or V1."),
            WeChatApiVersion.V2 => 2,
            _ => hasOpenId ? 2 : 1,
        };
    }
}
