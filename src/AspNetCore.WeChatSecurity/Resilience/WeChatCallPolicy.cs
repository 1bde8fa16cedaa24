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
            throw QuotaSpent(api, gate.IsShutForTheDay, wait, errorCode: null);
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
        if (response.ErrCode is { } code && WeChatErrorCodes.IsQuotaSpent(code))
        {
            var daily = code == WeChatErrorCodes.DailyQuotaExceeded;
            var reopensAt = daily ? gate.ShutForTheDay() : gate.ShutForTheMinute();
            ResilienceLog.QuotaGateShut(logger, api, code, reopensAt);
            throw QuotaSpent(api, daily, reopensAt - resilience.Now, code);
        }

        return response;
    }

    // The same failure whether WeChat just said so (with its errcode) or the gate was already shut.
    private static WeChatUnavailableException QuotaSpent(string api, bool daily, TimeSpan retryAfter, int? errorCode)
    {
        var said = errorCode is { } code ? $" (errcode {code})" : string.Empty;
        return daily
            ? new WeChatUnavailableException(
                WeChatUnavailableReason.DailyQuotaExceeded,
                $"WeChat's daily {api} quota is spent{said}; calls resume at 00:00 China Standard Time.",
                retryAfter)
            : new WeChatUnavailableException(
                WeChatUnavailableReason.MinuteQuotaExceeded,
                $"WeChat's per-minute {api} limit was hit{said}; calls resume at the next minute.",
                retryAfter);
    }
}
