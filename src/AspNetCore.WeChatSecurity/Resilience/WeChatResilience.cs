using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// The shared state of resilience: one pipeline and breaker for the WeChat host, and a quota gate and a limiter per
/// family of calls (WeChat counts text, image and media quotas apart), each shared by the farm when there is an
/// <see cref="IWeChatSharedQuota"/>.
/// </summary>
internal sealed class WeChatResilience : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly QuotaGate[] _gates;
    private readonly RateLimiter?[] _limiters;

    public WeChatResilience(
        IOptions<WeChatSecurityOptions> options,
        TimeProvider timeProvider,
        WeChatSecurityMetrics metrics,
        ILogger<WeChatResilience> logger,
        IWeChatSharedQuota? sharedQuota = null)
    {
        var settings = options.Value;
        _timeProvider = timeProvider;
        CircuitState = new CircuitBreakerStateProvider();
        Pipeline = WeChatResiliencePipelineFactory.Create(settings, timeProvider, CircuitState, logger);
        _gates = [.. Enum.GetValues<WeChatApiKind>().Select(kind => new QuotaGate(timeProvider, WeChatSecurityMetrics.KindTag(kind), sharedQuota))];
        var maxWait = settings.Resilience.MaxLimiterWait;
        Func<int, RateLimiter> createLocal = permitsPerMinute => new WeChatMinuteRateLimiter(permitsPerMinute, maxWait, timeProvider);
        RateLimiter CreateLimiter(WeChatApiKind kind, int permitsPerMinute) =>
            sharedQuota?.CreateLimiter(WeChatSecurityMetrics.KindTag(kind), permitsPerMinute, createLocal) ?? createLocal(permitsPerMinute);
        _limiters =
        [
            CreateLimiter(WeChatApiKind.Text, settings.Resilience.TextChecksPerMinute),
            CreateLimiter(WeChatApiKind.Image, settings.Resilience.ImageChecksPerMinute),
            CreateLimiter(WeChatApiKind.Media, settings.Resilience.MediaChecksPerMinute),
            null,
        ];
        metrics.ObserveResilience(this);
    }

    public ResiliencePipeline<WeChatAttempt> Pipeline { get; }

    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    public CircuitBreakerStateProvider CircuitState { get; }

    public QuotaGate Gate(WeChatApiKind kind) => _gates[(int)kind];

    public RateLimiter? Limiter(WeChatApiKind kind) => _limiters[(int)kind];

    public void Dispose()
    {
        foreach (var limiter in _limiters)
        {
            limiter?.Dispose();
        }
    }
}
