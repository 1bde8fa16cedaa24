using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tokens;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// What happens around a call to a check endpoint, in order: the family's quota gate (a spent quota fails the call
/// with its Retry-After, nothing goes upstream), the access token, the client-side limiter and the resilience pipeline
/// (<see cref="WeChatResilientSender"/>), then the answer's errcode: a rejected token is renewed and the call made once
/// more, a spent quota shuts the gate. Whatever else WeChat answered goes back to the API client to read.
/// </summary>
internal sealed class WeChatCallPolicy(
    WeChatResilientSender sender,
    WeChatResilience resilience,
    AccessTokenProvider tokens,
    ILogger<WeChatCallPolicy> logger)
{
    /// <param name="kind">The family of the call: its quota gate and limiter.</param>
    /// <param name="api">The API's name, for logs, metrics and messages.</param>
    /// <param name="createRequest">Creates the request with the given token, afresh for each attempt.</param>
    /// <param name="isReadable">Which answers can be read (<see cref="WeChatAnswers"/>); any other is a transient failure.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>WeChat's readable answer, whose errcode is neither a token's nor a quota's.</returns>
    public async Task<WeChatResponse> CallAsync(
        WeChatApiKind kind,
        string api,
        Func<WeChatAccessToken, HttpRequestMessage> createRequest,
        Func<WeChatResponse, bool> isReadable,
        CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        var response = await CallWithTokenAsync(kind, api, createRequest, isReadable, token, cancellationToken);
        if (response.ErrCode is { } code && WeChatErrorCodes.IsTokenError(code))
        {
            token = await tokens.RenewAsync(token, code, cancellationToken);
            response = await CallWithTokenAsync(kind, api, createRequest, isReadable, token, cancellationToken);
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
        Func<WeChatAccessToken, HttpRequestMessage> createRequest,
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

        WeChatAttempt attempt;
        try
        {
            attempt = await sender.SendAsync(api, () => createRequest(token), isReadable, resilience.Limiter(kind), cancellationToken);
        }
        catch (WeChatUnavailableException refused) when (refused.Reason == WeChatUnavailableReason.RateLimited)
        {
            ResilienceLog.LimiterRefused(logger, api, refused.RetryAfter?.TotalSeconds ?? 0);
            throw;
        }

        var response = attempt.Response!;
        switch (response.ErrCode)
        {
            case { } code when WeChatErrorCodes.IsMinuteQuota(code):
                var minute = gate.ShutForTheMinute();
                ResilienceLog.QuotaGateShut(logger, api, code, minute);
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.MinuteQuotaExceeded,
                    $"WeChat's per-minute {api} limit was hit (errcode {code}); calls resume at the next minute.",
                    minute - resilience.Now);
            case WeChatErrorCodes.DailyQuotaExceeded:
                var midnight = gate.ShutForTheDay();
                ResilienceLog.QuotaGateShut(logger, api, WeChatErrorCodes.DailyQuotaExceeded, midnight);
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.DailyQuotaExceeded,
                    $"WeChat's daily {api} quota is spent (errcode {WeChatErrorCodes.DailyQuotaExceeded}); calls resume at 00:00 China Standard Time.",
                    midnight - resilience.Now);
            default:
                return response;
        }
    }
}
