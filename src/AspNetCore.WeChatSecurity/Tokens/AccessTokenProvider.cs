using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>
/// Caches the access token until shortly before it expires and fetches a new one at most once at a time: any number of
/// concurrent callers without a token share one fetch. A caller that gives up does not cancel the fetch for the others.
/// </summary>
internal sealed class AccessTokenProvider(
    IAccessTokenFetcher fetcher,
    IOptions<WeChatSecurityOptions> options,
    TimeProvider timeProvider,
    ILogger<AccessTokenProvider> logger)
{
    private readonly Lock _gate = new();
    private WeChatAccessToken? _current;
    private DateTimeOffset _freshUntil;
    private Task<WeChatAccessToken>? _fetch;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;

    /// <summary>Returns the cached token, or fetches one.</summary>
    public Task<WeChatAccessToken> GetAsync(CancellationToken cancellationToken)
    {
        Task<WeChatAccessToken> fetch;
        lock (_gate)
        {
            if (_current is { } current && IsFresh(current))
            {
                return Task.FromResult(current);
            }

            fetch = _fetch ??= FetchAndStoreAsync(forceRefresh: false);
        }

        return fetch.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Called when WeChat rejected <paramref name="rejected"/> (40001, 40014, 42001): drops it and returns another. When
    /// the source hands back the same rejected token, a forced refresh is the last resort, at most once per
    /// <see cref="WeChatSecurityOptions.ForceRefreshInterval"/>.
    /// </summary>
    public async Task<WeChatAccessToken> RenewAsync(WeChatAccessToken rejected, int errorCode, CancellationToken cancellationToken)
    {
        TokensLog.TokenRejected(logger, errorCode);
        Task<WeChatAccessToken> fetch;
        lock (_gate)
        {
            if (_current is { } current && current.Value != rejected.Value && IsFresh(current))
            {
                return current;
            }

            if (_current?.Value == rejected.Value)
            {
                _current = null;
            }

            fetch = _fetch ??= FetchAndStoreAsync(forceRefresh: fetcher.ForceOnRejection);
        }

        var renewed = await fetch.WaitAsync(cancellationToken);
        if (renewed.Value != rejected.Value || !fetcher.SupportsForceRefresh || fetcher.ForceOnRejection)
        {
            return renewed;
        }

        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (now - _lastForcedRefresh < options.Value.ForceRefreshInterval)
            {
                return renewed;
            }

            if (_current?.Value == rejected.Value)
            {
                _current = null;
            }

            _lastForcedRefresh = now;
            TokensLog.ForcingRefresh(logger);
            fetch = _fetch ??= FetchAndStoreAsync(forceRefresh: true);
        }

        return await fetch.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the cached token, so that the next call fetches one (tests use it to replay a token rotation).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _current = null;
        }
    }

    // WeChat's refusal is logged with its errcode and what to change; an IWeChatAccessTokenSource's own exception only by
    // its type, since its message is not ours to vouch for.
    private void LogFailure(Exception exception)
    {
        switch (exception)
        {
            case WeChatApiException refusal:
                TokensLog.TokenRefused(logger, refusal.Api, refusal.ErrorCode, refusal.ErrorMessage ?? string.Empty, TokenErrorAdvice.For(refusal.ErrorCode));
                break;
            case WeChatUnavailableException { InnerException: WeChatApiException refusal }:
                TokensLog.TokenRefused(logger, refusal.Api, refusal.ErrorCode, refusal.ErrorMessage ?? string.Empty, TokenErrorAdvice.For(refusal.ErrorCode));
                break;
            case WeChatUnavailableException unavailable:
                TokensLog.TokenFetchFailed(logger, unavailable.Reason.ToString(), unavailable.Message);
                break;
            default:
                TokensLog.TokenFetchFailed(logger, exception.GetType().Name, "the token source threw; see its own logs.");
                break;
        }
    }

    private bool IsFresh(WeChatAccessToken token) => ReferenceEquals(token, _current) && timeProvider.GetUtcNow() < _freshUntil;

    private async Task<WeChatAccessToken> FetchAndStoreAsync(bool forceRefresh)
    {
        // Yield so the caller leaves the lock before the fetch starts.
        await Task.Yield();
        try
        {
            var token = await fetcher.FetchAsync(forceRefresh, CancellationToken.None);
            var lifetime = token.ExpiresAt - timeProvider.GetUtcNow();

            // A token that lives shorter than twice the margin would never count as fresh: use it for half its life.
            var margin = TimeSpan.FromTicks(Math.Min(options.Value.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
            lock (_gate)
            {
                _current = token;
                _freshUntil = token.ExpiresAt - margin;
                _fetch = null;
            }

            TokensLog.TokenObtained(logger, forceRefresh, lifetime.TotalSeconds);
            return token;
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                _fetch = null;
            }

            LogFailure(exception);
            throw;
        }
    }
}
