using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

internal static class TestConnections
{
    /// <summary>A connection to the shared server under a prefix of the test's own.</summary>
    public static async Task<RedisConnection> CreateAsync(SharedRedis redis, string keyPrefix) => new(
        Options.Create(new WeChatRedisOptions { KeyPrefix = keyPrefix }),
        NullLogger<RedisConnection>.Instance,
        await redis.ConnectionAsync());
}
