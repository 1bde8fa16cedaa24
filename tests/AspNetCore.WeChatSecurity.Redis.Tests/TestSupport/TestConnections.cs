using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Logging;
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

    /// <summary>A connection the library opens itself to a server of the test's own, with <paramref name="settings"/> added to its configuration.</summary>
    public static async Task<RedisConnection> OpenAsync(RedisServer server, string settings, string keyPrefix, ILogger<RedisConnection>? logger = null)
    {
        var connection = new RedisConnection(
            Options.Create(new WeChatRedisOptions { Configuration = server.ConnectionString + "," + settings, KeyPrefix = keyPrefix }),
            logger ?? NullLogger<RedisConnection>.Instance);
        await connection.GetAsync();
        return connection;
    }

    /// <summary>A connection the library opens itself to a port where nothing listens: Redis is down.</summary>
    public static async Task<RedisConnection> UnreachableAsync()
    {
        var connection = new RedisConnection(
            Options.Create(new WeChatRedisOptions { Configuration = "127.0.0.1:1,connectTimeout=200,connectRetry=0", KeyPrefix = "down:" }),
            NullLogger<RedisConnection>.Instance);
        await connection.GetAsync();
        return connection;
    }
}
