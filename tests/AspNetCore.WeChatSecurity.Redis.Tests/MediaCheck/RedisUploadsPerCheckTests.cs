using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.Farm;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

/// <summary>Past <see cref="WeChatMediaCheckOptions.MaxUploadsPerCheck"/>, repeats go to a new check, found in Redis as the newest pending one.</summary>
[Collection(UsesSharedRedis.Name)]
public sealed class RedisUploadsPerCheckTests(SharedRedis redis)
{
    [RedisFact]
    public async Task SevenRepeats_WithACapOfThree_MakeThreeChecksOfAtMostThree_AndEachUploadGetsItsVerdictOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time, PushUrl = new Uri("http://localhost/wechat/push") });
        var connection = (await redis.ServerAsync()).ConnectionString;
        await using var instance = await FarmInstance.StartAsync(
            emulator, time, connection, SharedRedis.UniquePrefix(), textChecksPerMinute: 60,
            services: s => s.Configure<WeChatSecurityOptions>(o => o.MediaCheck.MaxUploadsPerCheck = 3));
        emulator.Options.PushHandler = instance.CreateHandler();
        emulator.Options.MediaHandler = instance.CreateHandler();

        var uploads = new List<WeChatPendingCheck>();
        for (var upload = 1; upload <= 7; upload++)
        {
            uploads.Add(await instance.MediaCheck.SubmitAsync($"post-{upload}", new MemoryStream(WeChatEmulator.RiskyTestImage.ToArray()), WeChatMediaType.Image));
        }

        Assert.Equal(3, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var traceIds = uploads.Select(u => u.TraceId).Distinct().ToList();
        var store = instance.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var held = new List<IReadOnlyList<string>>();
        foreach (var traceId in traceIds)
        {
            held.Add((await store.FindByTraceIdAsync(traceId, CancellationToken.None))!.CorrelationIds);
        }

        Assert.Equal<IEnumerable<string>[]>([["post-1", "post-2", "post-3"], ["post-4", "post-5", "post-6"], ["post-7"]], [.. held]);

        var pushes = traceIds.Select(traceId => emulator.WaitForPushAsync(traceId)).ToList();
        time.Advance(emulator.Options.MediaCheckDelay);
        Assert.All(await Task.WhenAll(pushes).WaitAsync(TimeSpan.FromSeconds(30)), push => Assert.True(push.MediaFetched && push.Delivered, push.Error));
        Assert.Equal(Enumerable.Range(1, 7).Select(n => $"post-{n}"), instance.Handler.Results.Select(r => r.CorrelationId!).Order(StringComparer.Ordinal));
    }
}
