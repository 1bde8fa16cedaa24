using System.Net;
using System.Text;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Farm;

/// <summary>
/// WeChat's push endpoint on three instances sharing one Redis (their own server, which the outage test stops and
/// starts) and one emulator, on one fake clock. WeChat's signature does not cover the body, so a signed query seen by
/// one instance must not be taken with another body by another.
/// </summary>
public sealed class FarmPushReplayTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 2, 0, 5, TimeSpan.Zero));
    private readonly List<FarmInstance> _farm = [];
    private readonly List<FakeLogCollector> _logs = [];
    private readonly string _prefix = SharedRedis.UniquePrefix();
    private RedisServer? _redis;
    private WeChatEmulator? _emulator;

    private WeChatEmulator Emulator => _emulator!;

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
        {
            return;
        }

        _redis = await RedisServer.StartAsync();
        _emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = _time, PushUrl = new Uri("http://localhost/wechat/push") });
        for (var i = 0; i < 3; i++)
        {
            _logs.Add(new FakeLogCollector());
            _farm.Add(await FarmInstance.StartAsync(_emulator, _time, _redis.ConnectionString, _prefix, textChecksPerMinute: 100, _logs[i]));
        }

        Emulator.RegisterMedia(new Uri("https://cdn.example.test/first.png"), WeChatEmulator.RiskyTestImage);
        Emulator.RegisterMedia(new Uri("https://cdn.example.test/second.png"), WeChatEmulator.RiskyTestImage);
    }

    [RedisFact]
    public async Task ASignedQueryReplayedWithAnotherBody_IsRefusedByTheOtherInstances_WeChatsRetryIsAcceptedByEach()
    {
        Emulator.Options.PushHandler = _farm[0].CreateHandler();
        var first = await _farm[0].MediaCheck.SubmitAsync("post-1", new Uri("https://cdn.example.test/first.png"), WeChatMediaType.Image);
        var genuine = await PushAsync(first.TraceId);
        Assert.True(genuine.Delivered);

        // Someone who saw the signed query (in a proxy's log, say) sends it with a verdict of their own for a check still
        // pending, to the instances that did not see it.
        var second = await _farm[0].MediaCheck.SubmitAsync("post-2", new Uri("https://cdn.example.test/second.png"), WeChatMediaType.Image);
        var forged = genuine.Body.Replace(first.TraceId, second.TraceId, StringComparison.Ordinal);
        var forgeries = await Task.WhenAll(_farm.Skip(1).Select(instance => PostAsync(instance, genuine.RequestUri!, forged)));

        // WeChat sends the same query with the same body again when an answer is lost: every instance acknowledges it.
        var retries = await Task.WhenAll(_farm.Select(instance => PostAsync(instance, genuine.RequestUri!, genuine.Body)));

        Assert.All(forgeries, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.All(retries, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var delivered = Assert.Single(_farm.SelectMany(instance => instance.Handler.Results));
        Assert.Equal("post-1", delivered.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, delivered.Outcome);
    }

    [RedisFact]
    public async Task ASignedQuery_IsRememberedUntilAWindowPastTheTimestampsWindow_ThenExpires()
    {
        Emulator.Options.PushHandler = new Unanswered();
        var pending = await _farm[0].MediaCheck.SubmitAsync("post-3", new Uri("https://cdn.example.test/first.png"), WeChatMediaType.Image);
        var push = await PushAsync(pending.TraceId);

        // The push arrives 4 minutes after its timestamp: it stays acceptable for 1 more minute on this clock, and for
        // one more window on the clock of an instance behind it.
        _time.Advance(TimeSpan.FromMinutes(4));
        var accepted = await PostAsync(_farm[2], push.RequestUri!, push.Body);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await using var direct = await ConnectionMultiplexer.ConnectAsync(_redis!.ConnectionString);
        var key = Assert.Single(direct.GetServers().Single().Keys(pattern: _prefix + "push-replay:*"));
        var expiry = await direct.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(expiry);
        Assert.InRange(expiry.Value, TimeSpan.FromMinutes(1) + Window - Bound, TimeSpan.FromMinutes(1) + Window);
    }

    [RedisFact]
    public async Task RedisDown_APushIsAnswered503AndNotDelivered_WeChatsRetryIsDeliveredOnceRedisIsBack()
    {
        Emulator.Options.PushHandler = new Unanswered();
        var pending = await _farm[0].MediaCheck.SubmitAsync("post-4", new Uri("https://cdn.example.test/first.png"), WeChatMediaType.Image);
        var push = await PushAsync(pending.TraceId);

        var lost = Watch(_farm[1], restored: false);
        await _redis!.StopAsync();
        await lost.WaitAsync(Bound);
        var during = await PostAsync(_farm[1], push.RequestUri!, push.Body);

        var restored = Watch(_farm[1], restored: true);
        await _redis.StartAgainAsync();
        await restored.WaitAsync(Bound);
        var retried = await PostAsync(_farm[1], push.RequestUri!, push.Body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), during.Headers.RetryAfter?.Delta);
        var warning = Assert.Single(_logs[1].GetSnapshot(), record => record.Id.Name == "PushRejected");
        Assert.Contains("signed pushes", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulator.Options.PushToken, warning.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        // The restarted Redis is empty, so the check is unknown: its verdict is delivered without a correlation id.
        Assert.Equal(pending.TraceId, Assert.Single(_farm[1].Handler.Results).TraceId);
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

    private async Task<WeChatEmulatorPush> PushAsync(string traceId)
    {
        var pushed = Emulator.WaitForPushAsync(traceId);
        _time.Advance(Emulator.Options.MediaCheckDelay);
        return await pushed.WaitAsync(Bound);
    }

    private static async Task<HttpResponseMessage> PostAsync(FarmInstance instance, Uri signedQuery, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        return await instance.Client.PostAsync(signedQuery, content);
    }

    private static Task Watch(FarmInstance instance, bool restored)
    {
        var happened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (restored)
        {
            instance.Redis.Restored += () => happened.TrySetResult();
        }
        else
        {
            instance.Redis.Lost += () => happened.TrySetResult();
        }

        return happened.Task;
    }

    /// <summary>Where WeChat's pushes go unanswered, so that the test delivers them itself when it chooses.</summary>
    private sealed class Unanswered : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
    }
}
