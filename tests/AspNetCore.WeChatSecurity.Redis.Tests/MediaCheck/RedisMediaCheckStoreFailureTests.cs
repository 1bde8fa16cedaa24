using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

public sealed class RedisMediaCheckStoreFailureTests
{
    // The store has no local behaviour to fall back to: its failure is logged as its own event, which says what its
    // callers do instead (503, or the next sweep), not as the farm's CommandFailed, which says the instance falls back.
    [RedisFact]
    public async Task ACommandThatTimesOut_IsUnavailable_AndLoggedAsTheStoresOwnEvent()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await TestConnections.OpenAsync(server, "asyncTimeout=500", "paused:");
        var logs = new FakeLogCollector();
        var store = new RedisMediaCheckStore(connection, new FakeLogger<RedisMediaCheckStore>(logs));

        // Redis holds every script until the pause ends.
        Assert.Equal("+OK", server.Command("CLIENT", "PAUSE", "60000", "WRITE"));
        var unavailable = await Assert.ThrowsAsync<WeChatUnavailableException>(() => store.FindByTraceIdAsync("trace-1", CancellationToken.None).AsTask());
        Assert.Equal("+OK", server.Command("CLIENT", "UNPAUSE"));

        Assert.IsType<RedisTimeoutException>(unavailable.InnerException);
        var logged = Assert.Single(logs.GetSnapshot());
        Assert.Equal("MediaStoreCommandFailed", logged.Id.Name);
        Assert.Equal(904, logged.Id.Id);
        Assert.Null(await store.FindByTraceIdAsync("trace-1", CancellationToken.None));
    }
}
