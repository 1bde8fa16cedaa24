using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.Farm;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AspNetCore.WeChatSecurity.TestData.MediaCheckRecords;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

/// <summary>
/// A real redis-server where some keys cannot be written (a key of the wrong type makes the store's script fail, as a
/// corrupted or foreign key would): a check the store can never write costs only itself, and a resubmission WeChat
/// accepted is never lost to a failed write.
/// </summary>
[Collection(UsesSharedRedis.Name)]
public sealed class RedisSweepFaultTests(SharedRedis redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [RedisFact]
    public async Task AFullBatchOfChecksTheStoreCanNeverWrite_DoesNotKeepTheOthersOut_AndEachIsLoggedOnce()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(Now);
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time });
        await using var instance = await FarmInstance.StartAsync(emulator, time, (await redis.ServerAsync()).ConnectionString, prefix, textChecksPerMinute: 60, logs);
        var store = instance.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var sweeper = instance.App.Services.GetRequiredService<MediaCheckSweeper>();
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        for (var i = 0; i < 100; i++)
        {
            await store.TryAddAsync(Decided($"bad-{i:D3}", Now.AddMinutes(-10).AddSeconds(i)), CancellationToken.None);

            // Its trace id's key is no longer a string: every write of the record fails, reads of its due entry do not.
            await database.KeyDeleteAsync(keys + $"trace:trace-bad-{i:D3}");
            await database.HashSetAsync(keys + $"trace:trace-bad-{i:D3}", "not", "a string");
        }

        await store.TryAddAsync(Decided("good", Now.AddMinutes(-1)), CancellationToken.None);
        int Logged(string name) => logs.GetSnapshot().Count(e => e.Id.Name == name);

        await sweeper.SweepAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal("post-good", Assert.Single(instance.Handler.Results).CorrelationId);
        Assert.Equal(100, Logged("RecordSweepFailed"));
        Assert.Equal(100, Logged("PostponeFailed"));
        Assert.Equal(0, Logged("RecordSweepFailedAgain"));

        // Repaired, each is delivered at its retry, once.
        for (var i = 0; i < 100; i++)
        {
            await database.KeyDeleteAsync(keys + $"trace:trace-bad-{i:D3}");
            await database.StringSetAsync(keys + $"trace:trace-bad-{i:D3}", $"bad-{i:D3}");
        }

        time.Advance(TimeSpan.FromSeconds(30));
        await sweeper.SweepAsync(CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.Equal(101, instance.Handler.Results.Select(r => r.CorrelationId).Distinct().Count());
        Assert.Equal(101, instance.Handler.Results.Count);
    }

    [RedisFact]
    public async Task ResubmissionWhoseStoreWriteFails_IsNotLost_ItsPushIsNotAcknowledgedUntilStored_ThenDeliveredOnceToItsCheck()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(Now);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions
        {
            TimeProvider = time,
            PushUrl = new Uri("http://localhost/wechat/push"),
            MediaCheckDelay = TimeSpan.FromDays(1),
        });
        var breaker = new RecordBreaker(database, keys);
        await using var instance = await FarmInstance.StartAsync(emulator, time, (await redis.ServerAsync()).ConnectionString, prefix, textChecksPerMinute: 60, logs, breaker.AddTo);
        emulator.Options.PushHandler = instance.CreateHandler();
        emulator.Options.MediaHandler = instance.CreateHandler();
        var first = await instance.MediaCheck.SubmitAsync("post-1", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        var recordId = (string)(await database.StringGetAsync(keys + "trace:" + first.TraceId))!;

        // WeChat never answers the first submission; it answers the second a minute after it.
        emulator.Options.MediaCheckDelay = TimeSpan.FromMinutes(1);
        time.Advance(TimeSpan.FromMinutes(35));
        breaker.Next = recordId;
        await instance.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);
        breaker.Next = null;

        Assert.Equal(2, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var second = (string)Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ResubmissionNotStored").GetStructuredStateValue("TraceId")!;
        Assert.NotEqual(first.TraceId, second);

        var pushed = emulator.WaitForPushAsync(second);
        time.Advance(TimeSpan.FromMinutes(1));
        var push = await pushed;
        Assert.False(push.Delivered);
        Assert.Equal(503, push.StatusCode);
        Assert.Contains("not recorded in the media check store yet", await instance.Client.PostAgainAsync(push), StringComparison.Ordinal);
        Assert.Empty(instance.Handler.Results);
        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "UnknownTraceId");

        // Redis heals: WeChat's next attempt at the push is delivered, once, to the check it belongs to.
        await breaker.RepairAsync(recordId);
        Assert.Equal("success", await instance.Client.PostAgainAsync(push));
        Assert.Equal("success", await instance.Client.PostAgainAsync(push));
        var result = Assert.Single(instance.Handler.Results);
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(second, result.TraceId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "UnknownTraceId");
        Assert.Equal(recordId, (string?)await database.StringGetAsync(keys + "trace:" + second));

        time.Advance(TimeSpan.FromHours(1));
        await instance.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(2, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Single(instance.Handler.Results);
    }

    [RedisFact]
    public async Task ResubmissionWhoseStoreWriteFails_IsStoredByItsInstance_AfterAnotherTookTheSweepLease_SoThatAPushReachingAnotherFindsItsCheck()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(Now);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        var connection = (await redis.ServerAsync()).ConnectionString;
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions
        {
            TimeProvider = time,
            PushUrl = new Uri("http://localhost/wechat/push"),
            MediaCheckDelay = TimeSpan.FromDays(1),
        });
        var breaker = new RecordBreaker(database, keys);
        await using var submitting = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60, logs, breaker.AddTo);
        await using var other = await FarmInstance.StartAsync(emulator, time, connection, prefix, textChecksPerMinute: 60, logs);
        emulator.Options.MediaHandler = submitting.CreateHandler();
        emulator.Options.PushHandler = other.CreateHandler();
        var first = await submitting.MediaCheck.SubmitAsync("post-1", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        var recordId = (string)(await database.StringGetAsync(keys + "trace:" + first.TraceId))!;
        emulator.Options.MediaCheckDelay = TimeSpan.FromMinutes(1);
        time.Advance(TimeSpan.FromMinutes(35));
        breaker.Next = recordId;
        await submitting.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);
        breaker.Next = null;
        var second = (string)Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ResubmissionNotStored").GetStructuredStateValue("TraceId")!;

        // Redis heals, but the sweep lease has gone to the other instance meanwhile (this one's renewal failed, say).
        await breaker.RepairAsync(recordId);
        await database.KeyDeleteAsync(keys + "sweeper");
        await other.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);
        await submitting.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(recordId, (string?)await database.StringGetAsync(keys + "trace:" + second));
        var pushed = emulator.WaitForPushAsync(second);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await pushed).Delivered);
        var result = Assert.Single(other.Handler.Results);
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(second, result.TraceId);
        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "UnknownTraceId");
        Assert.Equal(2, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // Once WeChat has accepted a media submission, turns the record it is told to break into something the store cannot
    // write (a string where it keeps a hash), its hash set aside until the record is repaired.
    private sealed class RecordBreaker(IDatabase database, string keys)
    {
        /// <summary>The id of the record to break after WeChat's next acceptance, or null to break none.</summary>
        public string? Next { get; set; }

        public void AddTo(IServiceCollection services) =>
            services.AddSingleton<IWeChatApiClient>(provider => new AfterSubmissionClient(ActivatorUtilities.CreateInstance<WeChatApiClient>(provider), BreakAsync));

        public async Task RepairAsync(string id)
        {
            await database.KeyDeleteAsync(keys + "record:" + id);
            await database.KeyRenameAsync(keys + "saved:" + id, keys + "record:" + id);
        }

        private async Task BreakAsync()
        {
            if (Next is { } id)
            {
                await database.KeyRenameAsync(keys + "record:" + id, keys + "saved:" + id);
                await database.StringSetAsync(keys + "record:" + id, "not a hash");
            }
        }
    }

    // WeChat's client, which lets a test act the moment WeChat has accepted a media submission.
    private sealed class AfterSubmissionClient(IWeChatApiClient inner, Func<Task> accepted) : IWeChatApiClient
    {
        public Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken) => inner.CheckTextAsync(request, cancellationToken);

        public Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken) => inner.CheckImageAsync(request, cancellationToken);

        public async Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken)
        {
            var submission = await inner.SubmitMediaCheckAsync(request, cancellationToken);
            await accepted();
            return submission;
        }
    }
}
