namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>Gets a new access token from wherever <see cref="WeChatSecurityOptions.TokenSource"/> says.</summary>
internal interface IAccessTokenFetcher
{
    /// <summary>True when a forced refresh can give a different token than a plain fetch.</summary>
    bool SupportsForceRefresh { get; }

    Task<WeChatAccessToken> FetchAsync(bool forceRefresh, CancellationToken cancellationToken);
}
