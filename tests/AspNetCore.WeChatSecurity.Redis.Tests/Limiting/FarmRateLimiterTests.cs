using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Gates;
using AspNetCore.WeChatSecurity.Redis.Limiting;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Limiting;

[Collection(UsesSharedRedis.Name)]
public sealed class FarmRateLimiterTests(SharedRedis redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [RedisFact]
    public async Task ThreeInstances_TogetherNeverExceedTheLimit_InAMinute()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var local = CoreLocalLimiter.Factory(time, TimeSpan.Zero);
        var instances = new List<FarmRateLimiter>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(new FarmRateLimiter(await TestConnections.CreateAsync(redis, prefix), "text", 10, local(3), TimeSpan.Zero, time));
        }

        var leases = await Task.WhenAll(Enumerable.Range(0, 30).Select(n => instances[n % 3].AcquireAsync(1).AsTask()));

        Assert.Equal(10, leases.Count(lease => lease.IsAcquired));
        var refused = leases.First(lease => !lease.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await instances[1].AcquireAsync(1)).IsAcquired);
        time.Advance(TimeSpan.FromSeconds(1));
        var nextMinute = await Task.WhenAll(Enumerable.Range(0, 15).Select(n => instances[n % 3].AcquireAsync(1).AsTask()));
        Assert.Equal(10, nextMinute.Count(lease => lease.IsAcquired));
    }

    [RedisFact]
    public async Task APermitWithinTheAllowedWait_IsGivenWhenItsSlotComes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var local = CoreLocalLimiter.Factory(time, TimeSpan.FromSeconds(5));
        using var first = new FarmRateLimiter(await TestConnections.CreateAsync(redis, prefix), "image", 2, local(1), TimeSpan.FromSeconds(5), time);
        using var second = new FarmRateLimiter(await TestConnections.CreateAsync(redis, prefix), "image", 2, local(1), TimeSpan.FromSeconds(5), time);
        Assert.True((await first.AcquireAsync(1)).IsAcquired);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await second.AcquireAsync(1)).IsAcquired);

        time.Advance(TimeSpan.FromSeconds(47));
        var waitingForSlot = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.WaitingForSlot += wait => waitingForSlot.TrySetResult(wait);
        var waiting = second.AcquireAsync(1).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(3), await waitingForSlot.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False((await first.AcquireAsync(1)).IsAcquired);
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True((await waiting).IsAcquired);
    }

    [RedisFact]
    public async Task Families_AreCountedApart()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var connection = await TestConnections.CreateAsync(redis, SharedRedis.UniquePrefix());
        var local = CoreLocalLimiter.Factory(time, TimeSpan.Zero);
        using var text = new FarmRateLimiter(connection, "text", 1, local(1), TimeSpan.Zero, time);
        using var media = new FarmRateLimiter(connection, "media", 1, local(1), TimeSpan.Zero, time);

        Assert.True(text.AttemptAcquire(1).IsAcquired);
        Assert.False(text.AttemptAcquire(1).IsAcquired);
        Assert.True(media.AttemptAcquire(1).IsAcquired);
    }

    [RedisFact]
    public async Task PermitsGrantedAloneDuringAnOutage_AreCountedOnceByTheFarm_ThoughCallsRaceAfterReconnecting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var server = await RedisServer.StartAsync();
        await using var connection = await TestConnections.OpenAsync(server, "asyncTimeout=20000", "outage:");

        // Subscribed before the limiter: once reconnected, Redis holds every script, the limiter's own sharing call
        // included, until all the racing calls below have sent theirs.
        string? paused = null;
        connection.Restored += () => paused = server.Command("CLIENT", "PAUSE", "60000", "WRITE");
        using var limiter = new FarmRateLimiter(connection, "text", 10, CoreLocalLimiter.Factory(time, TimeSpan.Zero)(5), TimeSpan.Zero, time);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Lost += () => lost.TrySetResult();
        connection.Restored += () => restored.TrySetResult();

        await server.StopAsync();
        await lost.Task.WaitAsync(Bound);
        var alone = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync(1).AsTask()));
        Assert.All(alone, lease => Assert.True(lease.IsAcquired));

        await server.StartAgainAsync();
        await restored.Task.WaitAsync(Bound);
        Assert.Equal("+OK", paused);
        var racing = Enumerable.Range(0, 8).Select(_ => limiter.AcquireAsync(1).AsTask()).ToArray();
        Assert.Equal("+OK", server.Command("CLIENT", "UNPAUSE"));
        var leases = await Task.WhenAll(racing).WaitAsync(Bound);

        Assert.Equal(5, leases.Count(lease => lease.IsAcquired));
        Assert.Equal(10, await FarmCountAsync(server, "outage:limiter:text"));
    }

    [RedisFact]
    public async Task PermitsASharingCallCouldNotSend_AreSentByTheNextCall()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var server = await RedisServer.StartAsync();
        var logs = new FakeLogCollector();
        await using var connection = await TestConnections.OpenAsync(server, "asyncTimeout=20000", "putback:", new FakeLogger<RedisConnection>(logs));

        // Subscribed before the limiter: on the first return Redis holds the limiter's sharing call, which has taken the
        // outage's permits, until the server dies again under it; on the second it lets every call through.
        var restoredTimes = 0;
        string? paused = null;
        connection.Restored += () =>
        {
            if (Interlocked.Increment(ref restoredTimes) == 1)
            {
                paused = server.Command("CLIENT", "PAUSE", "60000", "WRITE");
            }
        };
        using var limiter = new FarmRateLimiter(connection, "text", 10, CoreLocalLimiter.Factory(time, TimeSpan.Zero)(5), TimeSpan.Zero, time);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restoredAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Lost += () => lost.TrySetResult();
        connection.Restored += () => (Volatile.Read(ref restoredTimes) == 1 ? restored : restoredAgain).TrySetResult();

        await server.StopAsync();
        await lost.Task.WaitAsync(Bound);
        var alone = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(1).AsTask()));
        Assert.All(alone, lease => Assert.True(lease.IsAcquired));

        using var stop = new CancellationTokenSource(Bound);
        var sharingFailed = FirstFailureAsync(logs, stop.Token);
        await server.StartAgainAsync();
        await restored.Task.WaitAsync(Bound);
        Assert.Equal("+OK", paused);
        await server.StopAsync();
        Assert.Contains("share the permits granted while Redis was unreachable", (await sharingFailed).Message, StringComparison.Ordinal);

        await server.StartAgainAsync();
        await restoredAgain.Task.WaitAsync(Bound);
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);

        // The restarted server is empty: it holds the three permits the failed call put back, and the one just taken.
        Assert.Equal(4, await FarmCountAsync(server, "putback:limiter:text"));
    }

    [RedisFact]
    public async Task PermitsAnAttemptCouldNotSend_AreSentByTheNextCall()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var server = await RedisServer.StartAsync();
        await using var connection = await TestConnections.OpenAsync(server, "syncTimeout=500", "putback:");
        using var limiter = new FarmRateLimiter(connection, "text", 10, CoreLocalLimiter.Factory(time, TimeSpan.Zero)(5), TimeSpan.Zero, time);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Restored += () => restored.TrySetResult();

        // Redis holds every script: each attempt times out and is granted locally, and the second has taken the first's
        // permit with it. The server then dies with neither script run.
        Assert.Equal("+OK", server.Command("CLIENT", "PAUSE", "60000", "WRITE"));
        Assert.True(limiter.AttemptAcquire(1).IsAcquired);
        Assert.True(limiter.AttemptAcquire(1).IsAcquired);
        await server.StopAsync();

        await server.StartAgainAsync();
        await restored.Task.WaitAsync(Bound);
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);

        // The restarted server is empty: it holds both attempts' permits, and the one just taken.
        Assert.Equal(3, await FarmCountAsync(server, "putback:limiter:text"));
    }

    [Fact]
    public async Task RedisDown_EachInstanceKeepsToItsShareOfTheLimit()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var connection = await TestConnections.UnreachableAsync();
        var options = Options.Create(new WeChatSecurityOptions());
        options.Value.Resilience.MaxLimiterWait = TimeSpan.Zero;
        var quota = new FarmQuota(connection, new FarmQuotaGate(connection, time), options, Options.Create(new WeChatRedisOptions { InstanceCount = 3 }), time);
        using var limiter = quota.CreateLimiter("text", 10, CoreLocalLimiter.Factory(time, TimeSpan.Zero));

        var leases = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => limiter.AcquireAsync(1).AsTask()));

        Assert.Equal(3, leases.Count(lease => lease.IsAcquired));
        var refused = leases.First(lease => !lease.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    /// <summary>The permits the farm counts in <paramref name="key"/>, read on a connection of its own.</summary>
    private static async Task<long> FarmCountAsync(RedisServer server, string key)
    {
        await using var farm = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        return await farm.GetDatabase().SortedSetLengthAsync(key);
    }

    private static async Task<FakeLogRecord> FirstFailureAsync(FakeLogCollector logs, CancellationToken cancellationToken)
    {
        await foreach (var record in logs.GetLogsAsync(cancellationToken))
        {
            if (record.Id.Name == "CommandFailed")
            {
                return record;
            }
        }

        throw new InvalidOperationException("The log ended without a failed Redis command.");
    }
}
