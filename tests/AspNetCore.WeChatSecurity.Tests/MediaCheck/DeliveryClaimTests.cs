using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary><see cref="WeChatMediaCheckOptions.DeliveryClaimDuration"/>: how long a server holds a check while its handlers run.</summary>
public sealed class DeliveryClaimTests
{
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task HandlerSlowerThanTwoMinutes_IsNotDeliveredAgainMeanwhile_WhenTheClaimIsLonger()
    {
        var slow = new SlowHandler();
        await using var app = await MediaCheckApp.StartAsync(
            configure: o => o.MediaCheck.DeliveryClaimDuration = ClaimDuration,
            build: b => b.Services.AddSingleton<IWeChatMediaCheckResultHandler>(slow));
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        await store.TryAddAsync(Decided(app.Time.GetUtcNow().AddMinutes(-1)), CancellationToken.None);

        var first = app.SweepAsync();
        await slow.Started;

        // Another server's sweep, three minutes into the handler: the check is still held.
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await app.SweepAsync();
        Assert.Equal(1, app.Handler.Calls);

        slow.Finish();
        await first;
        Assert.Equal("post-a", Assert.Single(app.Handler.Results).CorrelationId);
        Assert.True((await store.FindByTraceIdAsync("trace-a", CancellationToken.None))!.IsDelivered);
    }

    [Fact]
    public async Task CheckHeldByAServerThatDied_IsDeliveredByTheSweeper_OnceTheConfiguredClaimLapses()
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o => o.MediaCheck.DeliveryClaimDuration = ClaimDuration);
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var delivery = app.App.Services.GetRequiredService<MediaCheckDelivery>();
        var record = Decided(app.Time.GetUtcNow().AddMinutes(-1));
        await store.TryAddAsync(record, CancellationToken.None);
        Assert.True(await store.TryReplaceAsync(delivery.Held(record, app.Time.GetUtcNow()), CancellationToken.None));

        app.Time.Advance(ClaimDuration - TimeSpan.FromSeconds(1));
        await app.SweepAsync();
        Assert.Equal(0, app.Handler.Calls);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.SweepAsync();
        Assert.Equal("post-a", Assert.Single(app.Handler.Results).CorrelationId);
    }

    private static WeChatMediaCheckRecord Decided(DateTimeOffset dueAt) => new()
    {
        Id = "a",
        TraceId = "trace-a",
        CorrelationIds = ["post-a"],
        MediaType = WeChatMediaType.Audio,
        MediaUrl = new Uri("https://cdn.example.test/a.mp3"),
        SubmittedAt = dueAt.AddMinutes(-35),
        Deadline = dueAt.AddMinutes(-5),
        DueAt = dueAt,
        Result = new WeChatMediaCheckResult { Outcome = WeChatMediaCheckOutcome.Pass, TraceId = "trace-a", CreatedAt = dueAt },
    };

    // Its first call takes as long as the test says: it starts, and waits to be told to finish. Later calls (a second
    // delivery, which must not happen) return at once, so that a failing test fails rather than hangs.
    private sealed class SlowHandler : IWeChatMediaCheckResultHandler
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Finish() => _finish.TrySetResult();

        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
        {
            return _started.TrySetResult() ? _finish.Task : Task.CompletedTask;
        }
    }
}
