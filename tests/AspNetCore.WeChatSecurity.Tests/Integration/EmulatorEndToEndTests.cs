using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>The whole library (client, tokens, resilience, verdict cache) against the emulator, as a user wires it.</summary>
public sealed class EmulatorEndToEndTests
{
    [Fact]
    public async Task OfficialTestStrings_AreRisky_AndTheSecondCheckComesFromCache()
    {
        using var provider = Build();
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();

        var first = await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);
        var second = await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);
        var other = await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText2);
        var fine = await security.CheckTextAsync("今天天气很好");

        Assert.Equal(WeChatSuggestion.Risky, first.Suggestion);
        Assert.Equal(87014, first.ErrorCode);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(WeChatSuggestion.Risky, other.Suggestion);
        Assert.Equal(WeChatSuggestion.Pass, fine.Suggestion);
        Assert.Equal(3, emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.StableToken));
        Assert.All(emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck), r => Assert.False(r.HasUnicodeEscapes));
    }

    [Fact]
    public async Task V2_WithOpenId_GetsSuggestAndLabel()
    {
        using var provider = Build(emulator: o => o.ReviewTexts["maybe-bad"] = 20012);
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var context = new WeChatCheckContext { OpenId = "oABCDEFGHIJKLMNOPQRSTUVWXYZ0", Scene = WeChatScene.Forum };

        var risky = await security.CheckTextAsync("前缀" + WeChatEmulatorOptions.OfficialRiskyText2, context);
        var review = await security.CheckTextAsync("this is maybe-bad", context);

        Assert.Equal(WeChatSuggestion.Risky, risky.Suggestion);
        Assert.NotNull(risky.Label);
        Assert.NotNull(risky.TraceId);
        Assert.Equal(WeChatSuggestion.Review, review.Suggestion);
        Assert.Equal(20012, review.Label);
    }

    [Fact]
    public async Task HundredConcurrentIdenticalChecks_CauseExactlyOneUpstreamCall()
    {
        using var provider = Build();
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var checks = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.Task;
            return await security.CheckTextAsync("一模一样的评论");
        }).ToArray();
        start.SetResult();
        var verdicts = await Task.WhenAll(checks);

        Assert.All(verdicts, v => Assert.Equal(WeChatSuggestion.Pass, v.Suggestion));
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Fact]
    public async Task Images_AreSentAsWeChatParsesThem_AndTheRiskyTestImageIsRejected()
    {
        using var provider = Build();
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();

        var risky = await security.CheckImageAsync(WeChatEmulator.RiskyTestImage);
        var safe = await security.CheckImageAsync(WeChatEmulator.SafeTestImage);

        Assert.Equal(WeChatSuggestion.Risky, risky.Suggestion);
        Assert.Equal(WeChatSuggestion.Pass, safe.Suggestion);
        Assert.All(emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.ImgSecCheck), r =>
        {
            Assert.Equal(0, r.ErrorCode == 87014 ? 0 : r.ErrorCode);
            Assert.Equal("media", r.PartName);
            Assert.Equal("image/png", r.PartContentType);
            Assert.EndsWith(".png", r.PartFileName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SystemBusy_IsRetried_ThenTheVerdictArrives()
    {
        using var provider = Build();
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();
        emulator.FailNext(WeChatEmulatorFault.SystemBusy, count: 2, WeChatEmulatorEndpoint.MsgSecCheck);

        var verdict = await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);

        Assert.Equal(WeChatSuggestion.Risky, verdict.Suggestion);
        Assert.Equal(3, emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Fact]
    public async Task ErrorsAreNotCached_TheNextCheckAsksAgain()
    {
        using var provider = Build(configure: o => o.Resilience.MaxRetryAttempts = 0);
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();
        emulator.FailNext(WeChatEmulatorFault.ServerError(502), count: 1, WeChatEmulatorEndpoint.MsgSecCheck);

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => security.CheckTextAsync("hello").AsTask());
        var verdict = await security.CheckTextAsync("hello");

        Assert.Equal(WeChatSuggestion.Pass, verdict.Suggestion);
        Assert.Equal(2, emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Fact]
    public async Task WeChatsMinuteQuota_ShutsTheGate_SoNoFurtherCallGoesUpstream()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));
        using var provider = Build(time, emulator: o => o.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = new WeChatEmulatorQuota(2, 1000));
        var security = provider.GetRequiredService<IWeChatContentSecurity>();
        var emulator = provider.GetRequiredService<WeChatEmulator>();

        await security.CheckTextAsync("a");
        await security.CheckTextAsync("b");
        var limited = await Assert.ThrowsAsync<WeChatUnavailableException>(() => security.CheckTextAsync("c").AsTask());
        var gated = await Assert.ThrowsAsync<WeChatUnavailableException>(() => security.CheckTextAsync("d").AsTask());

        Assert.Equal(WeChatUnavailableReason.MinuteQuotaExceeded, limited.Reason);
        Assert.Equal(WeChatUnavailableReason.MinuteQuotaExceeded, gated.Reason);
        Assert.Equal(3, emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(WeChatSuggestion.Pass, (await security.CheckTextAsync("d")).Suggestion);
    }

    [Theory]
    [InlineData(WeChatPushMode.Plaintext, WeChatEmulatorPushFormat.Xml)]
    [InlineData(WeChatPushMode.Compatible, WeChatEmulatorPushFormat.Json)]
    [InlineData(WeChatPushMode.Safe, WeChatEmulatorPushFormat.Xml)]
    [InlineData(WeChatPushMode.Safe, WeChatEmulatorPushFormat.Json)]
    public async Task MediaCheck_SubmittedThenPushed_ReachesTheAppsHandler(WeChatPushMode mode, WeChatEmulatorPushFormat format)
    {
        var time = new FakeTimeProvider();
        var received = new TaskCompletionSource<WeChatMediaCheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(new CallbackHandler(received));
        WebApplication? app = null;
        builder.Services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator(o =>
        {
            o.PushMode = mode;
            o.PushFormat = format;
            o.PushUrl = new Uri("http://localhost/wechat/push");
            o.PushHandler = new DeferredHandler(() => app!.GetTestServer().CreateHandler());
        });
        app = builder.Build();
        app.MapWeChatMediaCheckPush();
        await app.StartAsync();
        try
        {
            var emulator = app.Services.GetRequiredService<WeChatEmulator>();
            var mediaUrl = new Uri("https://cdn.example.test/voice.png");
            emulator.RegisterMedia(mediaUrl, WeChatEmulator.RiskyTestImage);

            var traceId = (await app.Services.GetRequiredService<IWeChatMediaCheck>().SubmitAsync("post-1", mediaUrl, WeChatMediaType.Image)).TraceId;
            var pushed = emulator.WaitForPushAsync(traceId);
            time.Advance(emulator.Options.MediaCheckDelay);
            var push = await pushed;
            var result = await received.Task;

            Assert.True(push.Delivered, push.Error);
            Assert.Equal(traceId, result.TraceId);
            Assert.Equal("post-1", result.CorrelationId);
            Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
            Assert.Equal(1, result.Version);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static ServiceProvider Build(FakeTimeProvider? time = null, Action<WeChatEmulatorOptions>? emulator = null, Action<WeChatSecurityOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time ?? new FakeTimeProvider());
        services.AddWeChatContentSecurity(o =>
        {
            o.Resilience.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }).UseWeChatEmulator(emulator);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class CallbackHandler(TaskCompletionSource<WeChatMediaCheckResult> received) : IWeChatMediaCheckResultHandler
    {
        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
        {
            received.TrySetResult(result);
            return Task.CompletedTask;
        }
    }

    // The emulator is built before the test server exists; this hands its pushes to the server once it does.
    private sealed class DeferredHandler(Func<HttpMessageHandler> create) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            InnerHandler ??= create();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
