using System.Net;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Farm;

/// <summary>
/// Three instances in one process sharing one Redis (their own server, which the outage test stops and starts) and one
/// emulator, on one fake clock. The figures are written to the test output.
/// </summary>
public sealed class FarmTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Limit = 12;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 2, 0, 5, TimeSpan.Zero));
    private readonly List<FarmInstance> _farm = [];
    private RedisServer? _redis;
    private WeChatEmulator? _emulator;

    private WeChatEmulator Emulator => _emulator!;

    private int TextCalls => Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
        {
            return;
        }

        _redis = await RedisServer.StartAsync();
        _emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = _time, PushUrl = new Uri("http://localhost/wechat/push") });
        var prefix = SharedRedis.UniquePrefix();
        for (var i = 0; i < 3; i++)
        {
            _farm.Add(await FarmInstance.StartAsync(_emulator, _time, _redis.ConnectionString, prefix, Limit));
        }

        // Start-up connects to Redis before the application takes requests.
        Assert.All(_farm, instance => Assert.True(instance.Redis.IsAvailable));
    }

    [RedisFact]
    public async Task ABurstOfThreeTimesTheLimit_SendsAtMostTheLimitUpstreamInThatMinute()
    {
        var statuses = await BurstAsync("burst", 3 * Limit);

        output.WriteLine($"burst of {3 * Limit} distinct texts over 3 instances, limit {Limit}/min: {TextCalls} upstream; answers {Describe(statuses)}");
        Assert.Equal(Limit, TextCalls);
        Assert.Equal(Limit, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);

        _time.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = await BurstAsync("next", 3 * Limit);
        Assert.Equal(2 * Limit, TextCalls);
        Assert.Equal(Limit, nextMinute.Count(status => status == HttpStatusCode.OK));
    }

    [RedisFact]
    public async Task DailyQuotaOnOneInstance_StopsTheOtherTwo()
    {
        var heard = _farm.Skip(1).Select(instance => Heard(instance, "text")).ToArray();
        Emulator.FailNext(WeChatEmulatorFault.Error(45009, "reach max api daily quota limit"), endpoint: WeChatEmulatorEndpoint.MsgSecCheck);

        var first = await _farm[0].PostCommentAsync("spends the day");
        await Task.WhenAll(heard).WaitAsync(Bound);
        var calls = TextCalls;
        var others = await Task.WhenAll(_farm.Skip(1).Select(instance => instance.PostCommentAsync("after the quota")));

        output.WriteLine($"45009 on instance 1: instance 1 answered {(int)first.StatusCode}; instances 2 and 3 answered {string.Join(", ", others.Select(r => (int)r.StatusCode))} with {TextCalls - calls} upstream calls; health {string.Join(", ", await Task.WhenAll(_farm.Select(i => i.HealthAsync())))}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.All(others, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
        Assert.Equal(calls, TextCalls);
        Assert.All(await Task.WhenAll(_farm.Select(instance => instance.HealthAsync())), health => Assert.Equal("Degraded", health));

        // 00:00 China Standard Time is 16:00 UTC.
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await _farm[2].PostCommentAsync("a new day")).StatusCode);
    }

    [RedisFact]
    public async Task OneNewTextSentToAllThreeAtOnce_MakesOneUpstreamCall()
    {
        var answers = await Task.WhenAll(_farm.Select(instance => instance.PostCommentAsync("the same new comment")));

        output.WriteLine($"one new text to 3 instances at once: {TextCalls} upstream call(s); answers {Describe([.. answers.Select(a => a.StatusCode)])}");
        Assert.Equal(1, TextCalls);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
    }

    [RedisFact]
    public async Task APushToBForACheckSubmittedOnA_IsDeliveredOnce_WithItsCorrelationId()
    {
        var media = new Uri("https://cdn.example.test/voice-farm.mp3");
        Emulator.RegisterMedia(media, WeChatEmulator.RiskyTestImage);
        Emulator.Options.PushHandler = _farm[1].CreateHandler();

        var pending = await _farm[0].MediaCheck.SubmitAsync("post-42", media, WeChatMediaType.Image);
        var pushed = Emulator.WaitForPushAsync(pending.TraceId);
        _time.Advance(Emulator.Options.MediaCheckDelay);
        var push = await pushed.WaitAsync(Bound);
        foreach (var instance in _farm)
        {
            await instance.Client.PostAgainAsync(push);
        }

        var delivered = _farm.SelectMany(instance => instance.Handler.Results).ToList();
        output.WriteLine($"check submitted on instance 1, pushed to instance 2, then the same push to all three: delivered {delivered.Count} time(s), on instance(s) {string.Join(", ", _farm.Select((instance, i) => (instance, i)).Where(x => x.instance.Handler.Results.Count > 0).Select(x => x.i + 1))}");
        var result = Assert.Single(delivered);
        Assert.Equal("post-42", result.CorrelationId);
        Assert.Single(_farm[1].Handler.Results);
    }

    [RedisFact]
    public async Task RedisStoppedMidRunThenStarted_NoServerError_NothingOverTheQuota_FarmBehaviourBack()
    {
        var before = await BurstAsync("before", Limit);
        Assert.Equal(Limit, TextCalls);

        var lost = _farm.Select(instance => Lost(instance)).ToArray();
        await _redis!.StopAsync();
        await Task.WhenAll(lost).WaitAsync(Bound);
        Assert.All(_farm, instance => Assert.False(instance.Redis.IsAvailable));
        _time.Advance(TimeSpan.FromMinutes(1));
        var during = await BurstAsync("during", 3 * Limit);
        var duringCalls = TextCalls - Limit;
        var health = await Task.WhenAll(_farm.Select(instance => instance.HealthAsync()));

        var restored = _farm.Select(instance => Restored(instance)).ToArray();
        await _redis.StartAgainAsync();
        await Task.WhenAll(restored).WaitAsync(Bound);
        _time.Advance(TimeSpan.FromMinutes(1));
        var after = await BurstAsync("after", 3 * Limit);
        var afterCalls = TextCalls - Limit - duringCalls;
        _time.Advance(TimeSpan.FromMinutes(1));
        var same = await Task.WhenAll(_farm.Select(instance => instance.PostCommentAsync("one comment after the outage")));
        var sameCalls = TextCalls - Limit - duringCalls - afterCalls;

        output.WriteLine($"Redis down: burst of {3 * Limit} -> {duringCalls} upstream (each instance at {Limit}/3), answers {Describe(during)}, health {string.Join(", ", health)}");
        output.WriteLine($"Redis back: burst of {3 * Limit} -> {afterCalls} upstream, answers {Describe(after)}; one new text to all three -> {sameCalls} upstream call(s)");
        HttpStatusCode[] all = [.. before, .. during, .. after, .. same.Select(a => a.StatusCode)];
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, all);
        Assert.InRange(duringCalls, 1, Limit);
        Assert.All(health, status => Assert.Equal("Degraded", status));
        Assert.Equal(Limit, afterCalls);
        Assert.Equal(1, sameCalls);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _farm)
        {
            await instance.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public void Dispose() => _emulator?.Dispose();

    private async Task<HttpStatusCode[]> BurstAsync(string name, int count)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(n => _farm[n % 3].PostCommentAsync($"{name} comment {n}")));
        return [.. answers.Select(answer => answer.StatusCode)];
    }

    private static string Describe(IEnumerable<HttpStatusCode> statuses) =>
        string.Join(", ", statuses.GroupBy(status => (int)status).OrderBy(group => group.Key).Select(group => $"{group.Count()}x{group.Key}"));

    private static Task Heard(FarmInstance instance, string family)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        instance.Gate.Learned += learned =>
        {
            if (learned == family)
            {
                heard.TrySetResult();
            }
        };
        return heard.Task;
    }

    private static Task Restored(FarmInstance instance)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        instance.Redis.Restored += () => restored.TrySetResult();
        return restored.Task;
    }

    private static Task Lost(FarmInstance instance)
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        instance.Redis.Lost += () => lost.TrySetResult();
        return lost.Task;
    }
}
