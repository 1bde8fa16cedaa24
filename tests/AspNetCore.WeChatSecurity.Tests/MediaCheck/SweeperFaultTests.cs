using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static AspNetCore.WeChatSecurity.TestData.MediaCheckRecords;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>One check the sweeper cannot handle costs that check alone: the others are still delivered, resubmitted and timed out.</summary>
public sealed class SweeperFaultTests
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task CheckWhoseStoreWriteFails_IsLoggedAndPostponed_AndTheChecksBehindItAreStillDelivered()
    {
        var store = new FaultyStore(record => record.Id == "a" && record.ClaimedUntil is not null);
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(store, logs);
        var now = app.Time.GetUtcNow();
        await store.TryAddAsync(Decided("a", now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Decided("b", now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();

        Assert.Equal("post-b", Assert.Single(app.Handler.Results).CorrelationId);
        var failed = Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "RecordSweepFailed");
        Assert.Equal("trace-a", failed.GetStructuredStateValue("TraceId"));
        var a = (await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!;
        Assert.False(a.IsDelivered);
        Assert.Null(a.ClaimedUntil);
        Assert.Equal(now + RetryDelay, a.DueAt);

        // Healed, it waits for its retry delay like a failed delivery, then is delivered.
        store.Heal();
        await app.SweepAsync();
        Assert.Single(app.Handler.Results);
        app.Time.Advance(RetryDelay);
        await app.SweepAsync();
        Assert.Equal(["post-b", "post-a"], app.Handler.Results.Select(r => r.CorrelationId));
    }

    [Fact]
    public async Task AFullBatchOfChecksThatAlwaysFail_CannotKeepALaterCheckOutOfTheSweep()
    {
        var store = new FaultyStore(record => record.Id.StartsWith("bad-", StringComparison.Ordinal) && record.ClaimedUntil is not null);
        await using var app = await StartAsync(store);
        var now = app.Time.GetUtcNow();

        // As many as the sweeper takes at once, all due before the good one.
        for (var i = 0; i < 100; i++)
        {
            await store.TryAddAsync(Decided($"bad-{i:D3}", now.AddMinutes(-10).AddSeconds(i)), CancellationToken.None);
        }

        await store.TryAddAsync(Decided("good", now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();
        Assert.Empty(app.Handler.Results);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        await app.SweepAsync();
        Assert.Equal("post-good", Assert.Single(app.Handler.Results).CorrelationId);
    }

    [Fact]
    public async Task CheckWhoseDeliveryFailsAfterItsHandlerRan_IsReleasedForTheRetryDelay_NotHeldUntilTheClaimLapses()
    {
        var failures = 1;
        var store = new FaultyStore(record => record.Id == "a" && record.DeliveredCount == 1 && !record.IsDelivered && Interlocked.Decrement(ref failures) >= 0);
        await using var app = await StartAsync(store);
        var now = app.Time.GetUtcNow();
        await store.TryAddAsync(Decided("a", now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Decided("b", now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();

        Assert.Equal(["post-a", "post-b"], app.Handler.Results.Select(r => r.CorrelationId));
        var a = (await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!;
        Assert.False(a.IsDelivered);
        Assert.Null(a.ClaimedUntil);
        Assert.Equal(now + RetryDelay, a.DueAt);

        // Its progress was not recorded, so the handler runs again (handlers are documented to be idempotent).
        app.Time.Advance(RetryDelay);
        await app.SweepAsync();
        Assert.Equal(["post-a", "post-b", "post-a"], app.Handler.Results.Select(r => r.CorrelationId));
        Assert.True((await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!.IsDelivered);
    }

    [Fact]
    public async Task ReleaseThatCannotBeWritten_IsLogged_AndTheFailureThatCausedItIsTheOneReported()
    {
        var store = new FaultyStore(record => record.Id == "a" && !record.IsDelivered && (record.DeliveredCount == 1 || record.ClaimedUntil is null));
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(store, logs);
        var delivery = app.App.Services.GetRequiredService<MediaCheckDelivery>();
        var a = Decided("a", app.Time.GetUtcNow().AddMinutes(-2));
        await store.TryAddAsync(a, CancellationToken.None);

        // The progress after the handler cannot be written, nor then the release: the progress write is what failed.
        var thrown = await Assert.ThrowsAsync<StoreWriteException>(() => delivery.DeliverAsync(a, a.Result!, CancellationToken.None));

        Assert.Equal(1, thrown.Attempted.DeliveredCount);
        Assert.NotNull(thrown.Attempted.ClaimedUntil);
        Assert.Equal("trace-a", Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ReleaseFailed").GetStructuredStateValue("TraceId"));
    }

    [Fact]
    public async Task HandlerThatFails_WhenTheReleaseCannotBeWritten_IsStillReportedAsAFailedHandler()
    {
        var store = new FaultyStore(record => record.Id == "a" && record.ClaimedUntil is null);
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(store, logs, services => services.AddSingleton<IWeChatMediaCheckResultHandler>(new FailingHandler()));
        var delivery = app.App.Services.GetRequiredService<MediaCheckDelivery>();
        var a = Decided("a", app.Time.GetUtcNow().AddMinutes(-2));
        await store.TryAddAsync(a, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.HandlerFailed, await delivery.DeliverAsync(a, a.Result!, CancellationToken.None));

        Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "HandlerFailed");
        Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ReleaseFailed");

        // Not let go, it waits for its hold to lapse.
        Assert.NotNull((await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!.ClaimedUntil);
    }

    [Fact]
    public async Task ResubmissionThatFailsWithAnUnexpectedException_ReleasesTheCheck_AndTheSweepGoesOn()
    {
        var poisoned = new Uri("https://cdn.example.test/poisoned.png");
        var store = new FaultyStore(static _ => false);
        await using var app = await StartAsync(store, build: services => services.AddSingleton<IWeChatApiClient>(provider =>
            new ThrowingForUrlClient(ActivatorUtilities.CreateInstance<WeChatApiClient>(provider), poisoned)));
        var now = app.Time.GetUtcNow();
        await store.TryAddAsync(Pending("a", poisoned, now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Pending("b", new Uri("https://cdn.example.test/b.png"), now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();

        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal(2, (await store.FindByTraceIdAsync("trace-b", CancellationToken.None))!.Submissions);
        var a = (await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!;
        Assert.Equal(1, a.Submissions);
        Assert.Null(a.ClaimedUntil);
        Assert.Equal(now + RetryDelay, a.DueAt);
    }

    [Fact]
    public async Task WhileTheMemoryOfUnstoredResubmissionsIsFull_NoCheckIsSubmittedAgain_ItIsPostponedLikeAFailureUntilThereIsRoom()
    {
        var store = new FaultyStore(static _ => false);
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(store, logs);
        var now = app.Time.GetUtcNow();
        var unstored = app.App.Services.GetRequiredService<UnrecordedResubmissions>();
        var url = new Uri("https://cdn.example.test/unstored.png");

        // WeChat accepted these resubmissions, and the store could not record any: none of their checks can be read.
        for (var i = 0; i < UnrecordedResubmissions.MaxRemembered; i++)
        {
            unstored.Add(Pending($"unstored-{i}", url, now) with { TraceId = $"new-{i}", EarlierTraceIds = [$"old-{i}"], Submissions = 2, Revision = 1 });
        }

        await store.TryAddAsync(Pending("a", new Uri("https://cdn.example.test/a.png"), now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();

        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var a = (await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!;
        Assert.Equal((1, null, now + RetryDelay), (a.Submissions, a.ClaimedUntil, a.DueAt));
        Assert.Equal("trace-a", Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "RecordSweepFailed").GetStructuredStateValue("TraceId"));

        // One of them can be recorded now: the next sweep records it, and at its retry there is room to submit it again.
        await store.TryAddAsync(Pending("unstored-0", url, now) with { TraceId = "old-0" }, CancellationToken.None);
        app.Time.Advance(RetryDelay);
        await app.SweepAsync();

        Assert.Equal("unstored-0", (await store.FindByTraceIdAsync("new-0", CancellationToken.None))?.Id);
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal(2, (await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!.Submissions);
    }

    [Fact]
    public async Task EachResubmission_IsHeldFromWhenItStarts_NotFromWhenTheSweepStarted()
    {
        var slow = new Uri("https://cdn.example.test/slow.png");
        var store = new FaultyStore(static _ => false);
        bool? heldWhileSubmitted = null;
        await using var app = await StartAsync(store, build: services => services.AddSingleton<IWeChatApiClient>(provider =>
        {
            var time = (FakeTimeProvider)provider.GetRequiredService<TimeProvider>();
            return new ObservingClient(ActivatorUtilities.CreateInstance<WeChatApiClient>(provider), async request =>
            {
                if (request.MediaUrl == slow)
                {
                    // The first resubmission of the sweep takes longer than the claim lasts.
                    time.Advance(TimeSpan.FromMinutes(3));
                    return;
                }

                heldWhileSubmitted = (await store.FindByTraceIdAsync("trace-b", CancellationToken.None))!.ClaimedUntil > time.GetUtcNow();
            });
        }));
        var now = app.Time.GetUtcNow();
        await store.TryAddAsync(Pending("a", slow, now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Pending("b", new Uri("https://cdn.example.test/b.png"), now.AddMinutes(-1)), CancellationToken.None);

        await app.SweepAsync();

        Assert.True(heldWhileSubmitted);
        Assert.Equal(2, (await store.FindByTraceIdAsync("trace-b", CancellationToken.None))!.Submissions);
    }

    [Fact]
    public async Task StoppingHost_EndsTheSweep_BeforeTheNextCheck()
    {
        using var stopping = new CancellationTokenSource();
        var store = new FaultyStore(static _ => false);
        await using var app = await StartAsync(store, build: services => services.AddSingleton<IWeChatMediaCheckResultHandler>(new StopOnFirstResult(stopping)));
        var now = app.Time.GetUtcNow();
        await store.TryAddAsync(Decided("a", now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Decided("b", now.AddMinutes(-1)), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => app.App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(stopping.Token));

        Assert.Equal("post-a", Assert.Single(app.Handler.Results).CorrelationId);
        Assert.False((await store.FindByTraceIdAsync("trace-b", CancellationToken.None))!.IsDelivered);
    }

    private static Task<MediaCheckApp> StartAsync(FaultyStore store, FakeLogCollector? logs = null, Action<IServiceCollection>? build = null) =>
        MediaCheckApp.StartAsync(
            configure: o => o.MediaCheck.DeliveryRetryDelay = RetryDelay,
            build: b =>
            {
                b.Services.AddSingleton<IWeChatMediaCheckStore>(store);
                if (logs is not null)
                {
                    b.Services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));
                }

                build?.Invoke(b.Services);
            });

    private static WeChatMediaCheckRecord Pending(string id, Uri mediaUrl, DateTimeOffset dueAt) =>
        MediaCheckRecords.Pending(id, dueAt) with { MediaUrl = mediaUrl };

    // Fails the writes a predicate picks, as a store that cannot keep one record (too large, a bad key) would.
    private sealed class FaultyStore(Func<WeChatMediaCheckRecord, bool> fails) : IWeChatMediaCheckStore
    {
        private readonly InMemoryMediaCheckStore _inner = new();
        private volatile bool _healed;

        public void Heal() => _healed = true;

        public ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken) => _inner.TryAddAsync(record, cancellationToken);

        public ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken) => _inner.FindByTraceIdAsync(traceId, cancellationToken);

        public ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken) => _inner.FindPendingByMediaKeyAsync(mediaKey, cancellationToken);

        public ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken) =>
            !_healed && fails(replacement)
                ? throw new StoreWriteException(replacement)
                : _inner.TryReplaceAsync(replacement, cancellationToken);

        public ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => _inner.GetDueAsync(now, limit, cancellationToken);

        public ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken) => _inner.RemoveDeliveredAsync(now, cancellationToken);
    }

    private sealed class StoreWriteException(WeChatMediaCheckRecord attempted) : InvalidOperationException($"The store cannot write record {attempted.Id}.")
    {
        public WeChatMediaCheckRecord Attempted { get; } = attempted;
    }

    private sealed class FailingHandler : IWeChatMediaCheckResultHandler
    {
        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The handler failed.");
    }

    // WeChat's client, except that one URL fails with what no caller expects (a bug, say).
    private sealed class ThrowingForUrlClient(IWeChatApiClient inner, Uri poisoned) : IWeChatApiClient
    {
        public Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken) => inner.CheckTextAsync(request, cancellationToken);

        public Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken) => inner.CheckImageAsync(request, cancellationToken);

        public Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken) =>
            request.MediaUrl == poisoned
                ? throw new InvalidOperationException("Unexpected failure while submitting.")
                : inner.SubmitMediaCheckAsync(request, cancellationToken);
    }

    // WeChat's client, which first lets a test look at the store or move the clock as each media is submitted.
    private sealed class ObservingClient(IWeChatApiClient inner, Func<MediaCheckRequest, Task> submitting) : IWeChatApiClient
    {
        public Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken) => inner.CheckTextAsync(request, cancellationToken);

        public Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken) => inner.CheckImageAsync(request, cancellationToken);

        public async Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken)
        {
            await submitting(request);
            return await inner.SubmitMediaCheckAsync(request, cancellationToken);
        }
    }

    // The host stops while the sweep delivers its first check.
    private sealed class StopOnFirstResult(CancellationTokenSource stopping) : IWeChatMediaCheckResultHandler
    {
        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken) => stopping.CancelAsync();
    }
}
