namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>Gets a new access token from wherever <see cref="WeChatSecurityOptions.TokenSource"/> says.</summary>
internal interface IAccessTokenFetcher
{
    /// <summary>True when a forced refresh can give a different token than a plain fetch.</summary>
    bool SupportsForceRefresh { get; }

    /// <summary>
    /// True when a rejection should be passed on to the source at once (an application's source decides itself how to
    /// refresh); false when a forced refresh is scarce (stable_token allows 20 a day) and only a last resort.
    /// </summary>
    bool ForceOnRejection { get; }

    Task<WeChatAccessToken> FetchAsync(bool forceRefresh, CancellationToken cancellationToken);
}
