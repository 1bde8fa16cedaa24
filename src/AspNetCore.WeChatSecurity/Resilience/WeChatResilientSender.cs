using System.Diagnostics;
using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Runs one logical call through the resilience pipeline (timeouts, retries, breaker), every attempt taking a limiter
/// permit first when there is a limiter. Failures that outlive the pipeline become
/// <see cref="WeChatUnavailableException"/>; their messages never include the URL, whose query holds the access token
/// (or, for <c>/cgi-bin/token</c>, the AppSecret). The token endpoints use it directly; the check endpoints through
/// <see cref="WeChatCallPolicy"/>.
/// </summary>
internal sealed class WeChatResilientSender(
    WeChatHttpSender transport,
    WeChatResilience resilience,
    WeChatSecurityMetrics metrics,
    TimeProvider timeProvider)
{
    /// <param name="api">The API's name, for logs, metrics and messages.</param>
    /// <param name="createRequest">Creates the request afresh for each attempt.</param>
    /// <param name="isReadable">Which answers can be read (<see cref="WeChatAnswers"/>); any other is a transient failure.</param>
    /// <param name="limiter">When set, every attempt (retries included) takes a permit first, so retries count too.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<WeChatAttempt> SendAsync(string api, Func<HttpRequestMessage> createRequest, Func<WeChatResponse, bool> isReadable, RateLimiter? limiter, CancellationToken cancellationToken)
    {
        using var activity = WeChatSecurityActivitySource.Instance.StartActivity($"WeChat {api}", ActivityKind.Client);
        activity?.SetTag("wechat.api", api);
        var started = timeProvider.GetTimestamp();
        var outcome = "error";
        try
        {
            var attempt = await SendThroughPipelineAsync(api, createRequest, isReadable, limiter, cancellationToken);
            outcome = WeChatSecurityMetrics.ErrorCodeTag(attempt.ErrorCode);
            activity?.SetTag("wechat.errcode", attempt.ErrorCode);
            return attempt;
        }
        catch (WeChatUnavailableException exception)
        {
            outcome = WeChatSecurityMetrics.ReasonTag(exception.Reason);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            metrics.UpstreamCall(api, outcome, timeProvider.GetElapsedTime(started));
        }
    }

    private async Task<WeChatAttempt> SendThroughPipelineAsync(string api, Func<HttpRequestMessage> createRequest, Func<WeChatResponse, bool> isReadable, RateLimiter? limiter, CancellationToken cancellationToken)
    {
        Outcome<WeChatAttempt> outcome;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            outcome = await resilience.Pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        if (state.Limiter is { } limiter)
                        {
                            using var lease = await limiter.AcquireAsync(1, context.CancellationToken);
                            if (!lease.IsAcquired)
                            {
                                return Outcome.FromException<WeChatAttempt>(RateLimited(state.Api, lease));
                            }
                        }

                        return Outcome.FromResult(await state.Transport.SendOnceAsync(state.CreateRequest, state.IsReadable, context.CancellationToken));
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !state.CallerToken.IsCancellationRequested)
                    {
                        return Outcome.FromException<WeChatAttempt>(exception);
                    }
                },
                context,
                (Transport: transport, Api: api, CreateRequest: createRequest, IsReadable: isReadable, Limiter: limiter, CallerToken: cancellationToken));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw exception switch
            {
                BrokenCircuitException broken => new WeChatUnavailableException(
                    WeChatUnavailableReason.CircuitOpen,
                    $"WeChat {api} is not being called: the circuit breaker is open after repeated failures.",
                    broken.RetryAfter,
                    broken),
                TimeoutRejectedException timeout => new WeChatUnavailableException(
                    WeChatUnavailableReason.TransientFailure,
                    $"WeChat {api} did not answer in time.",
                    null,
                    timeout),
                HttpRequestException or IOException or OperationCanceledException => new WeChatUnavailableException(
                    WeChatUnavailableReason.TransientFailure,
                    $"WeChat {api} could not be reached ({exception.GetType().Name}).",
                    null,
                    StripUrl(exception)),
                _ => exception,
            };
        }

        var attempt = outcome.Result!;
        if (attempt.IsTransientFailure || !attempt.IsHttpSuccess)
        {
            throw new WeChatUnavailableException(
                WeChatUnavailableReason.TransientFailure,
                $"WeChat {api} kept failing: {WeChatResiliencePipelineFactory.Describe(outcome)}.");
        }

        return attempt;
    }

    private static WeChatUnavailableException RateLimited(string api, RateLimitLease refused)
    {
        TimeSpan? wait = refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null;
        return new WeChatUnavailableException(
            WeChatUnavailableReason.RateLimited,
            wait is { } next
                ? $"The per-minute limit of WeChat {api} calls is reached and the next permit is {next.TotalSeconds:0.#} s away, longer than the allowed wait."
                : $"The per-minute limit of WeChat {api} calls is reached.",
            wait);
    }

    // HttpRequestException messages name the host and port only, but an inner exception may be anything: keep the type.
    private static HttpRequestException? StripUrl(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: var error } ? new HttpRequestException(error, $"{error}") : null;
}
