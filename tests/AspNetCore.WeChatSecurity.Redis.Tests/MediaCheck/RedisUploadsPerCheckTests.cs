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
    [RedisFact]
    public async Task AVerdictDeliveredOnAnInstanceThatKeptTheSameBytesForAnotherCheck_LeavesThemForThatCheck()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time, PushUrl = new Uri("http://localhost/wechat/push") });
        var connection = (await redis.ServerAsync()).ConnectionString;
        var prefix = SharedRedis.UniquePrefix();
        Action<IServiceCollection> capOfOne = s => s.Configure<WeChatSecurityOptions>(o => o.MediaCheck.MaxUploadsPerCheck = 1);
        await using var first = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60, services: capOfOne);
        await using var second = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60, services: capOfOne);

        // Every push and download reaches the second instance: the first check's download fails there (its bytes are on
        // the first instance), and its verdict is delivered there, where the same bytes are kept for the second check.
        emulator.Options.PushHandler = second.CreateHandler();
        emulator.Options.MediaHandler = second.CreateHandler();
        var firstCheck = await first.MediaCheck.SubmitAsync("post-1", new MemoryStream(WeChatEmulator.RiskyTestImage.ToArray()), WeChatMediaType.Image);
        time.Advance(TimeSpan.FromSeconds(1));
        var secondCheck = await second.MediaCheck.SubmitAsync("post-2", new MemoryStream(WeChatEmulator.RiskyTestImage.ToArray()), WeChatMediaType.Image);
        Assert.NotEqual(firstCheck.TraceId, secondCheck.TraceId);

        var firstPush = emulator.WaitForPushAsync(firstCheck.TraceId);
        time.Advance(emulator.Options.MediaCheckDelay - TimeSpan.FromSeconds(1));
        Assert.True((await firstPush.WaitAsync(TimeSpan.FromSeconds(30))).Delivered);
        var secondPush = emulator.WaitForPushAsync(secondCheck.TraceId);
        time.Advance(TimeSpan.FromSeconds(1));
        var push = await secondPush.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(push.MediaFetched && push.Delivered, push.Error);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, Assert.Single(second.Handler.Results, r => r.CorrelationId == "post-2").Outcome);
        Assert.Equal(0, second.App.Services.GetRequiredService<KeptMediaStore>().TotalBytes);
    }
}
