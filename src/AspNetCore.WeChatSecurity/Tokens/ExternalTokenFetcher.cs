using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>Gets tokens from the application's <see cref="IWeChatAccessTokenSource"/>.</summary>
internal sealed class ExternalTokenFetcher(IServiceProvider services) : IAccessTokenFetcher
{
    public bool SupportsForceRefresh => true;

    public bool ForceOnRejection => true;

    public async Task<WeChatAccessToken> FetchAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var source = services.GetRequiredService<IWeChatAccessTokenSource>();
        WeChatAccessToken? token;
        try
        {
            token = await source.GetTokenAsync(forceRefresh, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new WeChatUnavailableException(
                WeChatUnavailableReason.NoAccessToken,
                $"The application's {nameof(IWeChatAccessTokenSource)} failed to supply a WeChat access token ({exception.GetType().Name}).",
                null,
                exception);
        }

        if (token is null || string.IsNullOrEmpty(token.Value))
        {
            throw new WeChatUnavailableException(
                WeChatUnavailableReason.NoAccessToken,
                $"The application's {nameof(IWeChatAccessTokenSource)} returned no token.");
        }

        return token;
    }
}
