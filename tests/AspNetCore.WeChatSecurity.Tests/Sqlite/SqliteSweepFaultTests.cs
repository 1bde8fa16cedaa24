using AspNetCore.WeChatSecurity.Sqlite;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.MediaCheck;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static AspNetCore.WeChatSecurity.TestData.MediaCheckRecords;

namespace AspNetCore.WeChatSecurity.Tests.Sqlite;

/// <summary>
/// A real SQLite file that refuses some writes (a trigger raises an error, as a disk or a constraint would): a check the
/// store can never write costs only itself, and a resubmission WeChat accepted is never lost to a failed write.
/// </summary>
public sealed class SqliteSweepFaultTests : IDisposable
{
    // Fails every write of a check's second submission, as a disk or a constraint would, until it is dropped.
    private const string RefuseResubmission = "CREATE TRIGGER refuse_resubmission BEFORE UPDATE ON wechat_media_checks WHEN json_extract(NEW.record, '$.Submissions') = 2 BEGIN SELECT RAISE(ABORT, 'the store is failing'); END";
    private const string AcceptResubmission = "DROP TRIGGER refuse_resubmission";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task AFullBatchOfChecksTheStoreCanNeverWrite_DoesNotKeepTheOthersOut_AndEachIsRetriedWithADoublingDelay_AndLoggedOnce()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(path, logs);
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        var now = app.Time.GetUtcNow();

        // As many as the sweeper takes at once, all due before the good one, none of which can be written at all: not
        // held, not delivered, not postponed.
        for (var i = 0; i < 100; i++)
        {
            await store.TryAddAsync(Decided($"bad-{i:D3}", now.AddMinutes(-10).AddSeconds(i)), CancellationToken.None);
        }

        await store.TryAddAsync(Decided("good", now.AddMinutes(-1)), CancellationToken.None);
        await ExecuteAsync(path, "CREATE TRIGGER refuse_bad BEFORE UPDATE ON wechat_media_checks WHEN OLD.id LIKE 'bad-%' BEGIN SELECT RAISE(ABORT, 'this record cannot be written'); END");

        await app.SweepAsync();
        Assert.Equal(100, Logged(logs, "RecordSweepFailed"));
        Assert.Equal(100, Logged(logs, "PostponeFailed"));

        // The next sweep passes over them (their retry time has not come) and reaches the good one.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await app.SweepAsync();
        Assert.Equal("post-good", Assert.Single(app.Handler.Results).CorrelationId);
        Assert.Equal(100, Logged(logs, "RecordSweepFailed"));
        Assert.Equal(0, Logged(logs, "RecordSweepFailedAgain"));

        // Tried again after the delay, then after twice the delay; each repeat is logged at Debug only.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await app.SweepAsync();
        Assert.Equal(100, Logged(logs, "RecordSweepFailedAgain"));
        app.Time.Advance(RetryDelay);
        await app.SweepAsync();
        Assert.Equal(100, Logged(logs, "RecordSweepFailedAgain"));
        app.Time.Advance(RetryDelay);
        await app.SweepAsync();
        Assert.Equal(200, Logged(logs, "RecordSweepFailedAgain"));
        Assert.Equal(100, Logged(logs, "RecordSweepFailed"));
        Assert.Equal(100, Logged(logs, "PostponeFailed"));
        Assert.All(logs.GetSnapshot().Where(e => e.Id.Name == "RecordSweepFailedAgain"), e => Assert.Equal(LogLevel.Debug, e.Level));

        // Writable again, each is delivered at its next retry, once.
        await ExecuteAsync(path, "DROP TRIGGER refuse_bad");
        app.Time.Advance(4 * RetryDelay);
        for (var sweep = 0; sweep < 3; sweep++)
        {
            await app.SweepAsync();
        }

        Assert.Equal(101, app.Handler.Results.Count);
        Assert.Equal(101, app.Handler.Results.Select(r => r.CorrelationId).Distinct().Count());
    }

    [Fact]
    public async Task ResubmissionWhoseStoreWriteFails_IsNotLost_ItsPushIsNotAcknowledgedUntilStored_AndItIsNeverSubmittedTwice()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(path, logs, emulator: o => o.MediaCheckDelay = TimeSpan.FromDays(1));
        var first = await app.MediaCheck.SubmitAsync("post-1", WeChatEmulator.RiskyTestImage, WeChatMediaType.Image);

        // WeChat never answers the first submission; it answers the second a minute after it.
        app.Emulator.Options.MediaCheckDelay = TimeSpan.FromMinutes(1);
        app.Time.Advance(TimeSpan.FromMinutes(35));
        await ExecuteAsync(path, RefuseResubmission);
        await app.SweepAsync();

        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var notStored = Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ResubmissionNotStored");
        var second = (string)notStored.GetStructuredStateValue("TraceId")!;
        Assert.NotEqual(first.TraceId, second);

        // WeChat's push for the new trace id, while the store still fails: not acknowledged, not taken for an unknown check.
        var push = await app.PushAsync(second);
        Assert.False(push.Delivered);
        Assert.Equal(0, app.Handler.Calls);
        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "UnknownTraceId");

        // The sweeps meanwhile write it again, and never submit the media a third time.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await app.SweepAsync();
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));

        // The store heals: WeChat's next attempt at the push is delivered, once, to the check it belongs to.
        await ExecuteAsync(path, AcceptResubmission);
        Assert.Equal("success", await app.Client.PostAgainAsync(push));
        Assert.Equal("success", await app.Client.PostAgainAsync(push));
        var result = Assert.Single(app.Handler.Results);
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(second, result.TraceId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "UnknownTraceId");
        var stored = (await app.App.Services.GetRequiredService<IWeChatMediaCheckStore>().FindByTraceIdAsync(first.TraceId, CancellationToken.None))!;
        Assert.Equal(second, stored.TraceId);
        Assert.Equal([first.TraceId], stored.EarlierTraceIds);

        app.Time.Advance(TimeSpan.FromHours(1));
        await app.SweepAsync();
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Single(app.Handler.Results);
    }

    [Fact]
    public async Task ResubmissionWhoseStoreWriteFailed_IsStoredByTheNextSweep_AndItsPushThenFindsTheCheck()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        await using var app = await StartAsync(path, logs, emulator: o => o.MediaCheckDelay = TimeSpan.FromDays(1));
        var first = await app.MediaCheck.SubmitAsync("post-1", WeChatEmulator.SafeTestImage, WeChatMediaType.Image);
        app.Emulator.Options.MediaCheckDelay = TimeSpan.FromMinutes(1);
        app.Time.Advance(TimeSpan.FromMinutes(35));
        await ExecuteAsync(path, RefuseResubmission);
        await app.SweepAsync();
        var second = (string)Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "ResubmissionNotStored").GetStructuredStateValue("TraceId")!;

        await ExecuteAsync(path, AcceptResubmission);
        await app.SweepAsync();

        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Contains(logs.GetSnapshot(), e => e.Id.Name == "ResubmissionStored" && Equals(e.GetStructuredStateValue("TraceId"), second));
        var stored = (await app.App.Services.GetRequiredService<IWeChatMediaCheckStore>().FindByTraceIdAsync(second, CancellationToken.None))!;
        Assert.Equal([first.TraceId], stored.EarlierTraceIds);
        Assert.Equal(2, stored.Submissions);
        Assert.Null(stored.ClaimedUntil);

        Assert.True((await app.PushAsync(second)).Delivered);
        var result = Assert.Single(app.Handler.Results);
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Pass, result.Outcome);
    }

    public void Dispose() => _directory.Dispose();

    private static int Logged(FakeLogCollector logs, string name) => logs.GetSnapshot().Count(e => e.Id.Name == name);

    private static Task<MediaCheckApp> StartAsync(string path, FakeLogCollector logs, Action<WeChatEmulatorOptions>? emulator = null) =>
        MediaCheckApp.StartAsync(
            emulator,
            o => o.MediaCheck.DeliveryRetryDelay = RetryDelay,
            b =>
            {
                b.AddSqliteMediaCheckStore(path);
                b.Services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));

                // The repeats of a failure are logged at Debug.
                b.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
            });

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
