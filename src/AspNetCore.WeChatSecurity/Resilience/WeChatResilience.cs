using System.Threading.RateLimiting;
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
internal sealed class WeChatResilience : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly QuotaGate[] _gates;
    private readonly RateLimiter?[] _limiters;

    public WeChatResilience(
        IOptions<WeChatSecurityOptions> options,
        TimeProvider timeProvider,
        IWeChatRateLimiterFactory limiters,
        WeChatSecurityMetrics metrics,
        ILogger<WeChatResilience> logger,
        IWeChatSharedQuotaGate? sharedGate = null)
    {
        var settings = options.Value;
        _timeProvider = timeProvider;
        CircuitState = new CircuitBreakerStateProvider();
        Pipeline = WeChatResiliencePipelineFactory.Create(settings, timeProvider, CircuitState, logger);
        _gates = [.. Enum.GetValues<WeChatApiKind>().Select(kind => new QuotaGate(timeProvider, WeChatSecurityMetrics.KindTag(kind), sharedGate))];
        _limiters =
        [
            limiters.Create(WeChatSecurityMetrics.KindTag(WeChatApiKind.Text), settings.Resilience.TextChecksPerMinute),
            limiters.Create(WeChatSecurityMetrics.KindTag(WeChatApiKind.Image), settings.Resilience.ImageChecksPerMinute),
            limiters.Create(WeChatSecurityMetrics.KindTag(WeChatApiKind.Media), settings.Resilience.MediaChecksPerMinute),
            null,
        ];
        metrics.ObserveResilience(this);
    }

    public ResiliencePipeline<WeChatAttempt> Pipeline { get; }

    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    public CircuitBreakerStateProvider CircuitState { get; }

    public QuotaGate Gate(WeChatApiKind kind) => _gates[(int)kind];

    public RateLimiter? Limiter(WeChatApiKind kind) => _limiters[(int)kind];

    /// <summary>True while any family's quota gate is shut.</summary>
    public bool AnyGateShut => _gates.Any(static gate => gate.IsShut);

    public void Dispose()
    {
        foreach (var limiter in _limiters)
        {
            limiter?.Dispose();
        }
    }
}
