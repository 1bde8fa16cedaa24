using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

[Collection(UsesSharedRedis.Name)]
public sealed class RedisPushReplayGuardTests(SharedRedis redis)
{
    private const string Query = "1700000000|nonce1|1a79a4d60de6718e8e5b326e338ae533a3b17fa6|";
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(6);
    private static readonly byte[] Genuine = Hash("the genuine body");
    private static readonly byte[] Forged = Hash("a forged body");

    [RedisFact]
    public async Task TwoInstances_ShareTheMemory_AnotherBodyIsRefusedByEither_TheSameBodyAcceptedByEither()
    {
        var prefix = SharedRedis.UniquePrefix();
        var first = await GuardAsync(prefix);
        var second = await GuardAsync(prefix);
        var otherApp = await GuardAsync(SharedRedis.UniquePrefix());

        Assert.True(await first.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None));
        Assert.False(await second.TryAcceptAsync(Query, Forged, KeepFor, CancellationToken.None));
        Assert.True(await second.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None));
        Assert.True(await first.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None));
        Assert.False(await first.TryAcceptAsync(Query, Forged, KeepFor, CancellationToken.None));

        // Another signed query is another push; another prefix is another application.
        Assert.True(await second.TryAcceptAsync(Query + "2", Forged, KeepFor, CancellationToken.None));
        Assert.True(await otherApp.TryAcceptAsync(Query, Forged, KeepFor, CancellationToken.None));
    }

    [RedisFact]
    public async Task TheSameQueryWithManyBodiesAtOnce_IsAcceptedWithOneBodyOnly()
    {
        var prefix = SharedRedis.UniquePrefix();
        var guards = new[] { await GuardAsync(prefix), await GuardAsync(prefix), await GuardAsync(prefix) };

        var accepted = await Task.WhenAll(Enumerable.Range(0, 30).Select(n =>
            guards[n % 3].TryAcceptAsync(Query, Hash($"body {n}"), KeepFor, CancellationToken.None).AsTask()));

        Assert.Equal(1, accepted.Count(ok => ok));
    }

    [RedisFact]
    public async Task AQuery_ExpiresWhenItCanNoLongerBeAccepted()
    {
        var prefix = SharedRedis.UniquePrefix();
        var guard = await GuardAsync(prefix);

        Assert.True(await guard.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None));
        Assert.True(await guard.TryAcceptAsync(Query, Genuine, KeepFor + KeepFor, CancellationToken.None));

        // One key, under the package's prefix, whose expiry (read back at once) is the first one asked for: a retry
        // does not extend it.
        var connection = await redis.ConnectionAsync();
        var key = Assert.Single(connection.GetServers().Single().Keys(pattern: prefix + "*"));
        Assert.StartsWith(prefix + "push-replay:", key.ToString(), StringComparison.Ordinal);
        var expiry = await connection.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(expiry);
        Assert.InRange(expiry.Value, KeepFor - TimeSpan.FromSeconds(30), KeepFor);
    }

    [Fact]
    public async Task RedisUnreachable_IsUnavailable_ForWeChatToSendThePushAgain()
    {
        await using var connection = await TestConnections.UnreachableAsync();
        var guard = new RedisPushReplayGuard(connection, NullLogger<RedisPushReplayGuard>.Instance);

        var unavailable = await Assert.ThrowsAsync<WeChatUnavailableException>(() => guard.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None).AsTask());

        Assert.Equal(WeChatUnavailableReason.TransientFailure, unavailable.Reason);
        Assert.Equal(TimeSpan.FromSeconds(5), unavailable.RetryAfter);
    }

    [RedisFact]
    public async Task ACommandThatTimesOut_IsUnavailable_AndLoggedWithoutTheQueryOrBody()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await TestConnections.OpenAsync(server, "asyncTimeout=500", "paused:");
        var logs = new FakeLogCollector();
        var guard = new RedisPushReplayGuard(connection, new FakeLogger<RedisPushReplayGuard>(logs));

        // Redis holds every script until the pause ends.
        Assert.Equal("+OK", server.Command("CLIENT", "PAUSE", "60000", "WRITE"));
        var unavailable = await Assert.ThrowsAsync<WeChatUnavailableException>(() => guard.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None).AsTask());
        Assert.Equal("+OK", server.Command("CLIENT", "UNPAUSE"));

        Assert.IsType<RedisTimeoutException>(unavailable.InnerException);
        var logged = Assert.Single(logs.GetSnapshot());
        Assert.Equal("PushReplayCheckFailed", logged.Id.Name);
        Assert.DoesNotContain("nonce1", logged.Message, StringComparison.Ordinal);
        Assert.True(await guard.TryAcceptAsync(Query, Genuine, KeepFor, CancellationToken.None));
    }

    private static byte[] Hash(string body) => SHA256.HashData(Encoding.UTF8.GetBytes(body));

    private async Task<RedisPushReplayGuard> GuardAsync(string prefix) =>
        new(await TestConnections.CreateAsync(redis, prefix), NullLogger<RedisPushReplayGuard>.Instance);
}
