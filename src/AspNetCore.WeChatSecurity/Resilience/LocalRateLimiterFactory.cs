using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>The limiters of a single server: each family's count kept in this process.</summary>
internal sealed class LocalRateLimiterFactory(IOptions<WeChatSecurityOptions> options, TimeProvider timeProvider) : IWeChatRateLimiterFactory
{
    public RateLimiter Create(string family, int permitsPerMinute) =>
        new WeChatMinuteRateLimiter(permitsPerMinute, options.Value.Resilience.MaxLimiterWait, timeProvider);
}
