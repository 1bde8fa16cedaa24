using AspNetCore.WeChatSecurity.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// The shared state of resilience: one pipeline and breaker for the WeChat host, and a quota gate and a limiter per
/// family of calls (WeChat counts text, image and media quotas apart).
/// </summary>
internal sealed class WeChatResilience
{
    private readonly TimeProvider _timeProvider;
    private readonly QuotaGate[] _gates;
    private readonly SlidingMinuteLimiter?[] _limiters;

    public WeChatResilience(IOptions<WeChatSecurityOptions> options, TimeProvider timeProvider, WeChatSecurityMetrics metrics, ILogger<WeChatResilience> logger)
    {
        var settings = options.Value;
        _timeProvider = timeProvider;
        CircuitState = new CircuitBreakerStateProvider();
        Pipeline = WeChatResiliencePipelineFactory.Create(settings, timeProvider, CircuitState, logger);
        _gates = [new(timeProvider), new(timeProvider), new(timeProvider), new(timeProvider)];
        _limiters =
        [
            new SlidingMinuteLimiter(settings.TextChecksPerMinute, settings.MaxLimiterWait, timeProvider),
            new SlidingMinuteLimiter(settings.ImageChecksPerMinute, settings.MaxLimiterWait, timeProvider),
            new SlidingMinuteLimiter(settings.MediaChecksPerMinute, settings.MaxLimiterWait, timeProvider),
            null,
        ];
        metrics.ObserveResilience(this);
    }

    public ResiliencePipeline<WeChatAttempt> Pipeline { get; }

    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    public CircuitBreakerStateProvider CircuitState { get; }

    public QuotaGate Gate(WeChatApiKind kind) => _gates[(int)kind];

    public SlidingMinuteLimiter? Limiter(WeChatApiKind kind) => _limiters[(int)kind];

    /// <summary>True while any family's quota gate is shut.</summary>
    public bool AnyGateShut => _gates.Any(static gate => gate.IsShut);
}
