namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Supplies access tokens when <see cref="WeChatSecurityOptions.TokenSource"/> is <see cref="WeChatTokenSource.External"/>:
/// a central token service, or WeChat Cloud Run. The library caches what it returns until it expires and asks again
/// (with forceRefresh set) when WeChat rejects the token.
/// </summary>
public interface IWeChatAccessTokenSource
{
    /// <summary>Returns a token that WeChat accepts.</summary>
    /// <param name="forceRefresh">True when WeChat has just rejected the previously returned token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    ValueTask<WeChatAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
