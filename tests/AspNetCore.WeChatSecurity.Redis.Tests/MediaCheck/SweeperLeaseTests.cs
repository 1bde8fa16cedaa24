using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

[Collection(UsesSharedRedis.Name)]
public sealed class SweeperLeaseTests(SharedRedis redis)
{
    [RedisFact]
    public async Task OneInstanceSweepsAtATime_AndKeepsTheLeaseForItsNextSweep()
    {
        var prefix = SharedRedis.UniquePrefix();
        var first = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), NullLogger<RedisMediaCheckStore>.Instance);
        var second = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), NullLogger<RedisMediaCheckStore>.Instance);
        var elsewhere = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, SharedRedis.UniquePrefix()), NullLogger<RedisMediaCheckStore>.Instance);

        Assert.True(await first.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await second.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await first.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await elsewhere.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));

        await (await redis.ConnectionAsync()).GetDatabase().KeyDeleteAsync(prefix + "{media-checks}:sweeper");
        Assert.True(await second.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await first.TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }
}
