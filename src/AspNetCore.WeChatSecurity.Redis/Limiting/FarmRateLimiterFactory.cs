using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Redis.Limiting;

/// <summary>Limiters whose per-minute counts the farm shares in Redis.</summary>
internal sealed class FarmRateLimiterFactory(
    RedisConnection connection,
    IOptions<WeChatSecurityOptions> options,
    IOptions<WeChatRedisOptions> redisOptions,
    TimeProvider timeProvider) : IWeChatRateLimiterFactory
{
    public RateLimiter Create(string family, int permitsPerMinute) => new FarmRateLimiter(
        connection,
        family,
        permitsPerMinute,
        redisOptions.Value.InstanceCount,
        options.Value.Resilience.MaxLimiterWait,
        timeProvider);
}
