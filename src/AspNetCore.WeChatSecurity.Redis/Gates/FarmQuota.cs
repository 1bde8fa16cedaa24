using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Limiting;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Redis.Gates;

/// <summary>
/// WeChat's quotas shared by the farm: each family's per-minute limit in Redis (<see cref="FarmRateLimiter"/>, falling
/// back to this instance's share of it), and the gate after a spent quota (<see cref="FarmQuotaGate"/>).
/// </summary>
internal sealed class FarmQuota(
    RedisConnection connection,
    FarmQuotaGate gate,
    IOptions<WeChatSecurityOptions> options,
    IOptions<WeChatRedisOptions> redisOptions,
    TimeProvider timeProvider) : IWeChatSharedQuota
{
    public RateLimiter CreateLimiter(string family, int permitsPerMinute, Func<int, RateLimiter> createLocalLimiter) => new FarmRateLimiter(
        connection,
        family,
        permitsPerMinute,
        createLocalLimiter(Math.Max(1, permitsPerMinute / redisOptions.Value.InstanceCount)),
        options.Value.Resilience.MaxLimiterWait,
        timeProvider);

    public void Shut(string family, DateTimeOffset reopensAt, bool forTheDay) => gate.Shut(family, reopensAt, forTheDay);

    public bool IsShut(string family, DateTimeOffset now, out DateTimeOffset reopensAt, out bool forTheDay) =>
        gate.IsShut(family, now, out reopensAt, out forTheDay);
}
