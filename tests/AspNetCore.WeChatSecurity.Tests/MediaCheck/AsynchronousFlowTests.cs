using System.Net;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class AsynchronousFlowTests
{
    [Theory]
    [InlineData(WeChatPushMode.Plaintext, WeChatEmulatorPushFormat.Xml)]
    [InlineData(WeChatPushMode.Plaintext, WeChatEmulatorPushFormat.Json)]
    [InlineData(WeChatPushMode.Compatible, WeChatEmulatorPushFormat.Xml)]
    [InlineData(WeChatPushMode.Compatible, WeChatEmulatorPushFormat.Json)]
    [InlineData(WeChatPushMode.Safe, WeChatEmulatorPushFormat.Xml)]
    [InlineData(WeChatPushMode.Safe, WeChatEmulatorPushFormat.Json)]
    public async Task Bytes_AreDownloadedFromTheMediaEndpoint_AndTheVerdictReachesTheHandlerOnce_WithTheCorrelationId(WeChatPushMode mode, WeChatEmulatorPushFormat format)
    {
        await using var app = await MediaCheckApp.StartAsync(o =>
        {
            o.PushMode = mode;
            o.PushFormat = format;
        });

        var pending = await app.MediaCheck.SubmitAsync("post-42", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        var push = await app.PushAsync(pending.TraceId);

        Assert.True(push.MediaFetched);
        Assert.StartsWith("http://localhost/wechat/media/", push.MediaUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.True(push.Delivered, push.Error);
        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Equal("post-42", result.CorrelationId);
        Assert.Equal(pending.TraceId, result.TraceId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);

        // WeChat sends a push again when it thinks it was not received: each is acknowledged, none reaches the handler.
        for (var i = 0; i < 3; i++)
        {
            using var again = new StringContent(push.Body, Encoding.UTF8, format == WeChatEmulatorPushFormat.Json ? "application/json" : "text/xml");
            var response = await app.Client.PostAsync(push.RequestUri, again);
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, app.Handler.Calls);
    }

    [Fact]
    public async Task HandlerThatThrowsOnTheFirstDelivery_GetsTheVerdictOnWeChatsRetry_Once()
    {
        await using var app = await MediaCheckApp.StartAsync();
        app.Handler.FailNext(1);

        var pending = await app.MediaCheck.SubmitAsync("post-7", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        var push = await app.PushAsync(pending.TraceId);

        Assert.Equal(2, push.Attempts);
        Assert.True(push.Delivered, push.Error);
        var result = Assert.Single(app.Handler.Results);
        Assert.Equal("post-7", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Pass, result.Outcome);
        Assert.Equal(2, app.Handler.Calls);
    }

    [Fact]
    public async Task HandlerThatFailsEveryPushRetry_IsDeliveredByTheSweeper()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.PushRetries = 2);
        app.Handler.FailNext(3);

        var pending = await app.MediaCheck.SubmitAsync("post-8", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        var push = await app.PushAsync(pending.TraceId);
        Assert.False(push.Delivered);
        Assert.Empty(app.Handler.Results);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.SweepAsync();

        Assert.Equal("post-8", Assert.Single(app.Handler.Results).CorrelationId);
    }

    [Fact]
    public async Task SafeMode_RefusesAnUnencryptedPush_EvenWithAValidSignature()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.PushMode = WeChatPushMode.Plaintext, configure: o => o.MediaCheck.PushMode = WeChatPushMode.Safe);

        var pending = await app.MediaCheck.SubmitAsync("post-1", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        var push = await app.PushAsync(pending.TraceId);

        Assert.False(push.Delivered);
        Assert.Equal(401, push.StatusCode);
        Assert.Equal(0, app.Handler.Calls);
    }

    [Fact]
    public async Task SameBytesWhilePending_JoinTheCheck_WithoutCallingWeChat_AndEachCorrelationIdGetsTheVerdictOnce()
    {
        await using var app = await MediaCheckApp.StartAsync();

        var first = await app.MediaCheck.SubmitAsync("post-1", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        var second = await app.MediaCheck.SubmitAsync("post-2", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        await app.PushAsync(first.TraceId);

        Assert.True(second.Joined);
        Assert.Equal(first.TraceId, second.TraceId);
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var results = await app.Handler.WaitForAsync(2);
        Assert.Equal(["post-1", "post-2"], results.Select(r => r.CorrelationId));
        Assert.All(results, r => Assert.Equal(WeChatMediaCheckOutcome.Risky, r.Outcome));
    }

    [Fact]
    public async Task SameUrlTwiceWhilePending_TheEmulatorAnswers87020_AsWeChatDoes()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var url = new Uri("https://cdn.example.test/voice.mp3");
        app.Emulator.RegisterMedia(url, WeChatEmulator.SafeTestImage);

        await app.MediaCheck.SubmitAsync("post-1", url, WeChatMediaType.Audio);
        var repeat = await Assert.ThrowsAsync<WeChatApiException>(() => app.MediaCheck.SubmitAsync("post-2", url, WeChatMediaType.Audio));

        Assert.Equal(87020, repeat.ErrorCode);
    }

    [Fact]
    public async Task BytesJudgedBefore_AreAnsweredFromTheVerdictCache_AndAPushedVerdictAnswersALaterSynchronousCheck()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var first = await app.MediaCheck.SubmitAsync("post-1", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        await app.PushAsync(first.TraceId);
        await app.Handler.WaitForAsync(1);

        var again = await app.MediaCheck.SubmitAsync("post-2", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);
        var results = await app.Handler.WaitForAsync(2);
        var security = app.App.Services.GetRequiredService<IWeChatContentSecurity>();
        var synchronous = await security.CheckImageAsync(WeChatEmulator.RiskyTestImage);

        Assert.Equal(WeChatMediaCheckOutcome.Risky, again.KnownOutcome);
        Assert.Equal("post-2", results[1].CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, results[1].Outcome);
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck));
        Assert.True(synchronous.FromCache);
        Assert.Equal(WeChatSuggestion.Risky, synchronous.Suggestion);
    }

    [Fact]
    public async Task MediaWeChatCannotDownload_IsTheDownloadFailedOutcome()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaHandler = new RefusingHandler());

        var pending = await app.MediaCheck.SubmitAsync("post-3", WeChatEmulator.SafeTestImage, WeChatMediaType.Image, new WeChatCheckContext { OpenId = "oH1fu0FdHqpToe2T6gBj0WyB8iS1" });
        var push = await app.PushAsync(pending.TraceId);

        Assert.False(push.MediaFetched);
        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Equal(WeChatMediaCheckOutcome.DownloadFailed, result.Outcome);
        Assert.Equal(-1008, result.ErrorCode);
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task VerdictThatNeverComes_IsResubmitted_ThenDeliveredAsTimedOut()
    {
        await using var app = await MediaCheckApp.StartAsync(
            o => o.MediaCheckDelay = TimeSpan.FromDays(1),
            o =>
            {
                o.MediaCheck.VerdictTimeout = TimeSpan.FromMinutes(30);
                o.MediaCheck.GracePeriod = TimeSpan.FromMinutes(5);
                o.MediaCheck.MaxResubmissions = 1;
            });

        var pending = await app.MediaCheck.SubmitAsync("post-9", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        Assert.Equal(app.Time.GetUtcNow() + TimeSpan.FromMinutes(30), pending.Deadline);

        app.Time.Advance(TimeSpan.FromMinutes(34));
        await app.SweepAsync();
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.SweepAsync();
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Empty(app.Handler.Results);

        app.Time.Advance(TimeSpan.FromMinutes(35));
        await app.SweepAsync();
        await app.SweepAsync();

        var result = Assert.Single(app.Handler.Results);
        Assert.Equal(WeChatMediaCheckOutcome.TimedOut, result.Outcome);
        Assert.Equal("post-9", result.CorrelationId);
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task LatePushForTheFirstSubmission_AfterAResubmission_IsDeliveredOnce()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromMinutes(36));

        var pending = await app.MediaCheck.SubmitAsync("post-5", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        app.Time.Advance(TimeSpan.FromMinutes(35));
        await app.SweepAsync();
        var late = app.Emulator.WaitForPushAsync(pending.TraceId);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await late;

        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Equal("post-5", result.CorrelationId);
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var secondTraceId = (await store.FindByTraceIdAsync(pending.TraceId, CancellationToken.None))!.TraceId;
        Assert.NotEqual(pending.TraceId, secondTraceId);
        var second = app.Emulator.WaitForPushAsync(secondTraceId);
        app.Time.Advance(TimeSpan.FromMinutes(36));
        Assert.True((await second).Delivered);
        Assert.Equal(1, app.Handler.Calls);
    }

    [Fact]
    public async Task UnknownTraceId_IsStillDelivered_WithoutACorrelationId()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var pending = await app.MediaCheck.SubmitAsync("post-1", new Uri("https://cdn.example.test/a.png"), WeChatMediaType.Image);
        app.Emulator.RegisterMedia(new Uri("https://cdn.example.test/a.png"), WeChatEmulator.SafeTestImage);

        // As if the record were lost (an in-memory store across a restart).
        var record = (await store.FindByTraceIdAsync(pending.TraceId, CancellationToken.None))!;
        await store.TryReplaceAsync(record with { DeliveredAt = DateTimeOffset.MinValue, DueAt = DateTimeOffset.MinValue, Revision = record.Revision + 1 }, CancellationToken.None);
        await store.RemoveDeliveredAsync(app.Time.GetUtcNow(), CancellationToken.None);
        await app.PushAsync(pending.TraceId);

        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Null(result.CorrelationId);
        Assert.Equal(pending.TraceId, result.TraceId);
    }

    [Fact]
    public async Task SubmitterCancelledOnceTheCheckIsStored_LeavesTheBytesForWeChatToDownload()
    {
        using var aborted = new CancellationTokenSource();
        var store = new CancelOnAddStore(new InMemoryMediaCheckStore(), aborted);
        await using var app = await MediaCheckApp.StartAsync(build: b => b.Services.AddSingleton<IWeChatMediaCheckStore>(store));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => app.MediaCheck.SubmitAsync("post-5", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image, cancellationToken: aborted.Token));
        var push = await app.PushAsync(store.AddedTraceId!);

        // WeChat was already checking the stored check: its download must find the bytes, or the check comes back failed.
        Assert.True(push.MediaFetched);
        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    // Cancels the submitter's token as the check is stored, as a client that disconnects at that moment would.
    private sealed class CancelOnAddStore(IWeChatMediaCheckStore inner, CancellationTokenSource submitter) : IWeChatMediaCheckStore
    {
        public string? AddedTraceId { get; private set; }

        public async ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
        {
            var added = await inner.TryAddAsync(record, cancellationToken);
            AddedTraceId = record.TraceId;
            await submitter.CancelAsync();
            return added;
        }

        public ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken) => inner.FindByTraceIdAsync(traceId, cancellationToken);

        public ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken) => inner.FindPendingByMediaKeyAsync(mediaKey, cancellationToken);

        public ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken) => inner.TryReplaceAsync(replacement, cancellationToken);

        public ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => inner.GetDueAsync(now, limit, cancellationToken);

        public ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.RemoveDeliveredAsync(now, cancellationToken);
    }
}
