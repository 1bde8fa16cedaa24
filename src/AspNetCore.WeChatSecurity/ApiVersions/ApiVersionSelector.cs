namespace AspNetCore.WeChatSecurity.ApiVersions;

/// <summary>
/// Picks the version of WeChat's check API for one check, text (<c>msg_sec_check</c>) and media
/// (<c>media_check_async</c>) alike, and the scene a v2 call carries: the one place where a
/// <see cref="WeChatCheckContext"/> meets <see cref="WeChatSecurityOptions.TextVersion"/> and
/// <see cref="WeChatSecurityOptions.DefaultScene"/>, so that text and media cannot resolve the same context differently.
/// </summary>
/// <remarks>
/// Both APIs follow one rule: v1 takes only the content (text; or <c>media_url</c> and <c>media_type</c>), v2 adds
/// <c>version</c>, <c>scene</c> and the publishing user's <c>openid</c>, which it cannot do without. Auto therefore means
/// v2 exactly when there is an openid. A blank openid is no openid: WeChat would answer 40003.
/// </remarks>
internal static class ApiVersionSelector
{
    /// <summary>The <c>msg_sec_check</c> version, 1 or 2: the context's, else the options'.</summary>
    /// <exception cref="InvalidOperationException">v2 is required and there is no openid; the message says how to give one.</exception>
    public static int ForText(WeChatCheckContext? context, WeChatSecurityOptions options) =>
        Select(context, options) ?? throw new InvalidOperationException(
            "WeChat's text check v2 needs the publishing user's openid, and none was given. Sign the user in with an "
            + $"'{options.OpenIdClaimType}' claim (WeChatSecurityOptions.OpenIdClaimType), set WeChatSecurityOptions.OpenIdResolver, "
            + "pass WeChatCheckContext.OpenId, or use TextVersion Auto (v1 without an openid) or V1.");

    /// <summary>The <c>media_check_async</c> version, 1 or 2: the context's, else the options'.</summary>
    /// <exception cref="InvalidOperationException">v2 is required and there is no openid; the message says how to give one.</exception>
    public static int ForMedia(WeChatCheckContext? context, WeChatSecurityOptions options) =>
        Select(context, options) ?? throw new InvalidOperationException(
            "WeChat's media check v2 (media_check_async) needs the publishing user's openid, and none was given. Pass "
            + "WeChatCheckContext.OpenId to IWeChatMediaCheck.SubmitAsync; for [MediaSecCheck] uploads, sign the user in with an "
            + $"'{options.OpenIdClaimType}' claim (WeChatSecurityOptions.OpenIdClaimType) or set WeChatSecurityOptions.OpenIdResolver; "
            + "or use TextVersion Auto (v1 without an openid) or V1.");

    /// <summary>The scene of a v2 call: the context's, else <see cref="WeChatSecurityOptions.DefaultScene"/>.</summary>
    public static WeChatScene Scene(WeChatCheckContext? context, WeChatSecurityOptions options) =>
        context?.Scene ?? options.DefaultScene;

    /// <summary>
    /// The <c>msg_sec_check</c> version for a check whose context says nothing but the openid (the filters' checks), or
    /// null when v2 is required and there is no openid: what
    /// <see cref="ForText(WeChatCheckContext?, WeChatSecurityOptions)"/> gives such a context, without one.
    /// </summary>
    public static int? ForText(bool hasOpenId, WeChatSecurityOptions options) => Select(options.TextVersion, hasOpenId);

    // Null when v2 is required and there is no openid, so that each API words its own fix.
    private static int? Select(WeChatCheckContext? context, WeChatSecurityOptions options) =>
        Select(context?.TextVersion ?? options.TextVersion, !string.IsNullOrWhiteSpace(context?.OpenId));

    private static int? Select(WeChatApiVersion version, bool hasOpenId) => version switch
    {
        WeChatApiVersion.V1 => 1,
        WeChatApiVersion.V2 => hasOpenId ? 2 : null,
        _ => hasOpenId ? 2 : 1,
    };
}
