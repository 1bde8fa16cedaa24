using AspNetCore.WeChatSecurity.Resilience;
using AspNetCore.WeChatSecurity.Tokens;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// The content-security endpoints with everything around a call: quota gates, the client-side limiter, the access
/// token (refreshed and retried once when WeChat rejects it), the resilience pipeline, and the mapping of errcodes
/// to verdicts or exceptions.
/// </summary>
internal sealed class WeChatApiClient(
    WeChatHttpSender sender,
    AccessTokenProvider tokens,
    WeChatResilience resilience,
    ILogger<WeChatApiClient> logger) : IWeChatApiClient
{
    private const int RiskyContent = 87014;

    public async Task<WeChatCheckResult> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Text,
            WeChatApiNames.MsgSecCheck,
            WeChatApiNames.MsgSecCheckPath,
            () => WeChatRequestBodies.TextCheck(request),
            cancellationToken);
        return ToResult(WeChatApiNames.MsgSecCheck, response);
    }

    public async Task<WeChatCheckResult> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Image,
            WeChatApiNames.ImgSecCheck,
            WeChatApiNames.ImgSecCheckPath,
            () => new ImageMultipartContent(request.Content, request.ContentType, request.FileName),
            cancellationToken);
        return ToResult(WeChatApiNames.ImgSecCheck, response);
    }

    public async Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Media,
            WeChatApiNames.MediaCheckAsync,
            WeChatApiNames.MediaCheckAsyncPath,
            () => WeChatRequestBodies.MediaCheck(request),
            cancellationToken);
        if (response.ErrCode is { } code and not 0)
        {
            throw new WeChatApiException(WeChatApiNames.MediaCheckAsync, code, response.ErrMsg);
        }

        return new MediaCheckSubmission(response.TraceId ?? string.Empty);
    }

    private async Task<WeChatResponse> CallAsync(
        WeChatApiKind kind,
        string api,
        string path,
        Func<HttpContent> createContent,
        CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        var response = await CallWithTokenAsync(kind, api, path, createContent, token, cancellationToken);
        if (response.ErrCode is { } code && WeChatResilienceConstants.IsTokenError(code))
        {
            token = await tokens.RenewAsync(token, code, cancellationToken);
            response = await CallWithTokenAsync(kind, api, path, createContent, token, cancellationToken);
            if (response.ErrCode is { } again && WeChatResilienceConstants.IsTokenError(again))
            {
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.NoAccessToken,
                    $"WeChat {api} rejected a freshly obtained access token too (errcode {again}). Check that no other system refreshes this AppId's token with /cgi-bin/token.");
            }
        }

        return response;
    }

    private async Task<WeChatResponse> CallWithTokenAsync(
        WeChatApiKind kind,
        string api,
        string path,
        Func<HttpContent> createContent,
        WeChatAccessToken token,
        CancellationToken cancellationToken)
    {
        var gate = resilience.Gate(kind);
        if (gate.RetryAfter is { } wait)
        {
            throw new WeChatUnavailableException(
                gate.IsShutForTheDay ? WeChatUnavailableReason.DailyQuotaExceeded : WeChatUnavailableReason.MinuteQuotaExceeded,
                gate.IsShutForTheDay
                    ? $"WeChat's daily {api} quota is spent; calls resume at 00:00 China Standard Time."
                    : $"WeChat's per-minute {api} limit was hit; calls resume at the next minute.",
                wait);
        }

        var parameter = token.IsCloudBase ? "cloudbase_access_token" : "access_token";
        var uri = $"{path}?{parameter}={Uri.EscapeDataString(token.Value)}";
        WeChatAttempt attempt;
        try
        {
            attempt = await sender.SendAsync(api, () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = createContent() }, resilience.Limiter(kind), cancellationToken);
        }
        catch (WeChatUnavailableException refused) when (refused.Reason == WeChatUnavailableReason.RateLimited)
        {
            ResilienceLog.LimiterRefused(logger, api, refused.RetryAfter?.TotalSeconds ?? 0);
            throw;
        }

        var response = attempt.Response!;
        switch (response.ErrCode)
        {
            case WeChatResilienceConstants.MinuteQuotaExceeded or WeChatResilienceConstants.MinuteFrequencyLimit:
                var minute = gate.ShutForTheMinute();
                ResilienceLog.QuotaGateShut(logger, api, response.ErrCode.Value, minute);
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.MinuteQuotaExceeded,
                    $"WeChat's per-minute {api} limit was hit (errcode {response.ErrCode}); calls resume at the next minute.",
                    minute - resilience.Now);
            case WeChatResilienceConstants.DailyQuotaExceeded:
                var midnight = gate.ShutForTheDay();
                ResilienceLog.QuotaGateShut(logger, api, response.ErrCode.Value, midnight);
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.DailyQuotaExceeded,
                    $"WeChat's daily {api} quota is spent (errcode 45009); calls resume at 00:00 China Standard Time.",
                    midnight - resilience.Now);
            default:
                return response;
        }
    }

    private static WeChatCheckResult ToResult(string api, WeChatResponse response)
    {
        var code = response.ErrCode ?? 0;
        if (code is not 0 and not RiskyContent)
        {
            throw new WeChatApiException(api, code, response.ErrMsg);
        }

        var suggestion = code == RiskyContent
            ? WeChatSuggestion.Risky
            : ParseSuggestion(response.Result?.Suggest);
        var details = response.Detail is { Count: > 0 } list
            ? list.Select(static d => new WeChatCheckDetail(d.Strategy, d.ErrCode, d.Suggest, d.Label, d.Keyword, d.Prob, d.Level)).ToArray()
            : [];
        return new WeChatCheckResult(suggestion, code, response.ErrMsg, response.TraceId, response.Result?.Label, details);
    }

    // v1 answers carry no result: errcode 0 alone means pass. An unknown suggestion is treated as review, not pass,
    // so a new WeChat verdict can never publish content by accident.
    private static WeChatSuggestion ParseSuggestion(string? suggest) => suggest switch
    {
        null or "" => WeChatSuggestion.Pass,
        _ when suggest.Equals("pass", StringComparison.OrdinalIgnoreCase) => WeChatSuggestion.Pass,
        _ when suggest.Equals("risky", StringComparison.OrdinalIgnoreCase) => WeChatSuggestion.Risky,
        _ => WeChatSuggestion.Review,
    };
}
