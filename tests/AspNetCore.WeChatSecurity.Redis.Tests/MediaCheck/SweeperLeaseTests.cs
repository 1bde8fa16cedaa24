using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.Farm;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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

    [RedisFact]
    public async Task AnInstanceWithoutTheLease_StillLetsGoOfItsOwnKeptMediaPastExpiry()
    {
        var prefix = SharedRedis.UniquePrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time, MediaCheckDelay = TimeSpan.FromDays(30) });
        var connection = (await redis.ServerAsync()).ConnectionString;
        await using var leaseholder = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60);
        await using var other = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60);
        await leaseholder.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);

        // The bytes are kept by the instance that took the upload, for WeChat to download from it; the verdict never comes.
        await other.MediaCheck.SubmitAsync("post-1", new MemoryStream(WeChatEmulator.SafeTestImage.ToArray()), WeChatMediaType.Image);
        var kept = other.App.Services.GetRequiredService<KeptMediaStore>();
        Assert.NotEqual(0, kept.TotalBytes);

        time.Advance(TimeSpan.FromDays(2));
        await other.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);

        Assert.False(await other.App.Services.GetRequiredService<IWeChatMediaCheckStore>().TryLeaseSweepAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(0, kept.TotalBytes);
    }
}
