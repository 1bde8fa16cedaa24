using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Resilience;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Tokens;

/// <summary>
/// Fetches tokens from WeChat: <c>POST /cgi-bin/stable_token</c> (the same token for every server) or
/// <c>GET /cgi-bin/token</c> (each call invalidates the previous token after five minutes: single server only).
/// </summary>
internal sealed class WeChatTokenFetcher(WeChatResilientSender sender, IOptions<WeChatSecurityOptions> options, TimeProvider timeProvider) : IAccessTokenFetcher
{
    public bool SupportsForceRefresh => options.Value.TokenSource == WeChatTokenSource.Stable;

    public bool ForceOnRejection => false;

    public async Task<WeChatAccessToken> FetchAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var appId = settings.AppId!;
        var appSecret = settings.AppSecret!;
        var stable = settings.TokenSource == WeChatTokenSource.Stable;
        var api = stable ? WeChatApiNames.StableToken : WeChatApiNames.Token;

        WeChatAttempt attempt;
        try
        {
            attempt = await sender.SendAsync(
                api,
                () => stable
                    ? new HttpRequestMessage(HttpMethod.Post, WeChatApiNames.StableTokenPath) { Content = WeChatRequestBodies.StableToken(appId, appSecret, forceRefresh) }
                    : new HttpRequestMessage(HttpMethod.Get, $"{WeChatApiNames.TokenPath}?grant_type=client_credential&appid={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(appSecret)}"),
                WeChatAnswers.IsReadableToken,
                limiter: null,
                cancellationToken);
        }
        catch (WeChatUnavailableException exception) when (exception.Reason == WeChatUnavailableReason.TransientFailure)
        {
            throw new WeChatUnavailableException(WeChatUnavailableReason.NoAccessToken, $"No WeChat access token could be obtained: {exception.Message}", exception.RetryAfter, exception);
        }

        // A readable answer without a token carries an errcode. A spent quota is WeChat not answering; anything else
        // (a wrong AppSecret, an address not on the IP allow-list) is the configuration's error and never lets content
        // through, whatever the failure mode.
        var response = attempt.Response!;
        if (string.IsNullOrEmpty(response.AccessToken))
        {
            var code = response.ErrCode!.Value;

            // WeChat's message is kept for the log (it names the refused IP address, for example), but never a secret,
            // should a proxy or an emulator ever echo one.
            var errorMessage = (response.ErrMsg ?? "no errmsg").Replace(appSecret, "***", StringComparison.Ordinal);
            var refusal = new WeChatApiException(api, code, errorMessage, TokenErrorAdvice.For(code));
            if (WeChatErrorCodes.IsQuotaSpent(code))
            {
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.NoAccessToken,
                    $"WeChat refused to issue an access token ({api}) because its quota is spent (errcode {code.ToString(CultureInfo.InvariantCulture)}).",
                    innerException: refusal);
            }

            throw refusal;
        }

        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn is > 0 and var seconds ? seconds : 7200);
        return new WeChatAccessToken(response.AccessToken, timeProvider.GetUtcNow() + lifetime);
    }
}
