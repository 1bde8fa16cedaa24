using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// Builds the pipeline every WeChat call runs through, outermost first: total timeout, retry (exponential backoff with
/// jitter), circuit breaker, per-attempt timeout. The breaker sits inside the retry so that every attempt counts, and
/// an open circuit is not retried. Caller errors (40003, 40004, 40006...) are results, not failures: never retried.
/// </summary>
internal static class WeChatResiliencePipelineFactory
{
    public static ResiliencePipeline<WeChatAttempt> Create(
        WeChatSecurityOptions options,
        TimeProvider timeProvider,
        CircuitBreakerStateProvider stateProvider,
        ILogger logger)
    {
        var shouldHandle = new PredicateBuilder<WeChatAttempt>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle<IOException>()
            .HandleResult(static attempt => attempt.IsTransientFailure);

        var builder = new ResiliencePipelineBuilder<WeChatAttempt> { TimeProvider = timeProvider };
        builder.AddTimeout(options.Resilience.TotalTimeout);
        if (options.Resilience.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<WeChatAttempt>
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = options.Resilience.MaxRetryAttempts,
                Delay = options.Resilience.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    ResilienceLog.RetryingCall(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<WeChatAttempt>
        {
            ShouldHandle = shouldHandle,
            FailureRatio = options.Resilience.CircuitBreakerFailureRatio,
            MinimumThroughput = options.Resilience.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.Resilience.CircuitBreakerSamplingDuration,
            BreakDuration = options.Resilience.CircuitBreakerBreakDuration,
            StateProvider = stateProvider,
            OnOpened = args =>
            {
                ResilienceLog.CircuitOpened(logger, args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                ResilienceLog.CircuitClosed(logger);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.Resilience.AttemptTimeout);
        return builder.Build();
    }

    // Describes a failure for the logs without its message, which could carry a URL.
    public static string Describe(Outcome<WeChatAttempt> outcome) => outcome switch
    {
        { Exception: { } exception } => exception.GetType().Name,
        { Result: { } attempt } when attempt.StatusCode != HttpStatusCode.OK => $"HTTP {(int)attempt.StatusCode}",
        { Result: { Response: null } } => "an answer that is not readable",
        { Result: { } attempt } => $"errcode {attempt.ErrorCode}",
        _ => "unknown",
    };
}
