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
    public async Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Text,
            WeChatApiNames.MsgSecCheck,
            WeChatApiNames.MsgSecCheckPath,
            () => WeChatRequestBodies.TextCheck(request),
            request.Version == 2 ? WeChatAnswers.IsReadableV2Check : WeChatAnswers.IsReadableV1Check,
            cancellationToken);
        return ToVerdict(WeChatApiNames.MsgSecCheck, response, request.Version);
    }

    public async Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Image,
            WeChatApiNames.ImgSecCheck,
            WeChatApiNames.ImgSecCheckPath,
            () => new ImageMultipartContent(request.Content, request.ContentType, request.FileName),
            WeChatAnswers.IsReadableV1Check,
            cancellationToken);
        return ToVerdict(WeChatApiNames.ImgSecCheck, response, version: 1);
    }

    public async Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await CallAsync(
            WeChatApiKind.Media,
            WeChatApiNames.MediaCheckAsync,
            WeChatApiNames.MediaCheckAsyncPath,
            () => WeChatRequestBodies.MediaCheck(request),
            WeChatAnswers.IsReadableSubmission,
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
        Func<WeChatResponse, bool> isReadable,
        CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        var response = await CallWithTokenAsync(kind, api, path, createContent, isReadable, token, cancellationToken);
        if (response.ErrCode is { } code && WeChatErrorCodes.IsTokenError(code))
        {
            token = await tokens.RenewAsync(token, code, cancellationToken);
            response = await CallWithTokenAsync(kind, api, path, createContent, isReadable, token, cancellationToken);
            if (response.ErrCode is { } again && WeChatErrorCodes.IsTokenError(again))
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
        Func<WeChatResponse, bool> isReadable,
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
            attempt = await sender.SendAsync(api, () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = createContent() }, isReadable, resilience.Limiter(kind), cancellationToken);
        }
        catch (WeChatUnavailableException refused) when (refused.Reason == WeChatUnavailableReason.RateLimited)
        {
            ResilienceLog.LimiterRefused(logger, api, refused.RetryAfter?.TotalSeconds ?? 0);
            throw;
        }

        var response = attempt.Response!;
        switch (response.ErrCode)
        {
            case WeChatErrorCodes.MinuteQuotaExceeded or WeChatErrorCodes.MinuteFrequencyLimit:
                var minute = gate.ShutForTheMinute();
                ResilienceLog.QuotaGateShut(logger, api, response.ErrCode.Value, minute);
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.MinuteQuotaExceeded,
                    $"WeChat's per-minute {api} limit was hit (errcode {response.ErrCode}); calls resume at the next minute.",
                    minute - resilience.Now);
            case WeChatErrorCodes.DailyQuotaExceeded:
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

    // Any errcode other than a verdict's is an error in what was asked (a bad openid, scene or image): never a pass.
    private static WeChatVerdict ToVerdict(string api, WeChatResponse response, int version) => WeChatAnswers.IsVerdict(response)
        ? WeChatAnswers.ToVerdict(response, version)
        : throw new WeChatApiException(api, response.ErrCode!.Value, response.ErrMsg);
}
