using AspNetCore.WeChatSecurity.Redis.Gates;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Gates;

[Collection(UsesSharedRedis.Name)]
public sealed class FarmQuotaGateTests(SharedRedis redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [RedisFact]
    public async Task AGateShutOnOneInstance_ShutsTheOthers_AndOnesThatStartLater()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var first = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        var second = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        await first.StartAsync();
        await second.StartAsync();
        var heard = Heard(second, "text");
        var midnight = new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero);

        first.Shut("text", midnight, forTheDay: true);
        await heard.WaitAsync(Bound);

        Assert.True(second.IsShut("text", time.GetUtcNow(), out var reopensAt, out var daily));
        Assert.Equal(midnight, reopensAt);
        Assert.True(daily);
        Assert.False(second.IsShut("image", time.GetUtcNow(), out _, out _));

        var later = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        await later.StartAsync();
        Assert.True(later.IsShut("text", time.GetUtcNow(), out reopensAt, out _));
        Assert.Equal(midnight, reopensAt);

        time.SetUtcNow(midnight);
        Assert.False(second.IsShut("text", time.GetUtcNow(), out _, out _));
    }

    [RedisFact]
    public async Task AnEarlierReopening_NeverShortensTheGate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var first = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        await first.StartAsync();
        var midnight = new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero);
        var second = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        await second.StartAsync();
        var heard = Heard(second, "media");
        first.Shut("media", midnight, forTheDay: true);
        await heard.WaitAsync(Bound);

        second.Shut("media", time.GetUtcNow().AddSeconds(30), forTheDay: false);

        var later = new FarmQuotaGate(await TestConnections.CreateAsync(redis, prefix), time);
        await later.StartAsync();
        Assert.True(later.IsShut("media", time.GetUtcNow(), out var reopensAt, out var daily));
        Assert.Equal(midnight, reopensAt);
        Assert.True(daily);
        Assert.True(second.IsShut("media", time.GetUtcNow(), out reopensAt, out _));
        Assert.Equal(midnight, reopensAt);
    }

    private static Task Heard(FarmQuotaGate gate, string family)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.Learned += learned =>
        {
            if (learned == family)
            {
                heard.TrySetResult();
            }
        };
        return heard.Task;
    }
}
