namespace AspNetCore.WeChatSecurity;

/// <summary>Where access tokens come from.</summary>
public enum WeChatTokenSource
{
    /// <summary>
    /// <c>POST /cgi-bin/stable_token</c> with <c>force_refresh: false</c> (the default): every server of a farm gets
    /// the same token, so no central token store is needed.
    /// </summary>
    Stable = 0,

    /// <summary>
    /// <c>GET /cgi-bin/token</c>. Each call invalidates the previous token after five minutes, so use it on a single
    /// server only.
    /// </summary>
    Classic = 1,

    /// <summary>
    /// The application supplies tokens through an <see cref="IWeChatAccessTokenSource"/> registered in DI (a central
    /// token service, or WeChat Cloud Run's <c>cloudbase_access_token</c>).
    /// </summary>
    External = 2,
}
