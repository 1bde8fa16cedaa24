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

/// <summary>A row whose JSON cannot be read, written straight into a real SQLite file, costs that row alone.</summary>
public sealed class SqliteUnreadableRecordTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _directory = new();

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("""{"Id":"bad"}""")]
    public async Task DueRowThatCannotBeRead_IsLoggedAndPassedOver_AndKept_WithoutTakingTheReadableRowsPlaces(string json)
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        using var store = new SqliteMediaCheckStore(path, new FakeLogger<SqliteMediaCheckStore>(logs));
        await store.TryAddAsync(Pending("good-1", Now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Pending("good-2", Now.AddMinutes(-1)), CancellationToken.None);
        await ExecuteAsync(path, "INSERT INTO wechat_media_checks (id, state, due_at, media_key, revision, record) VALUES ('bad', 1, $due, NULL, 3, $json)", Now.AddMinutes(-10), json);

        var due = await store.GetDueAsync(Now, 10, CancellationToken.None);
        var first = await store.GetDueAsync(Now, 1, CancellationToken.None);

        Assert.Equal(["good-1", "good-2"], due.Select(r => r.Id));
        Assert.Equal("good-1", Assert.Single(first).Id);
        var logged = Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "UnreadableRecord");
        Assert.Equal("bad", logged.GetStructuredStateValue("RecordId"));
        Assert.Equal(1L, await ScalarAsync<long>(path, "SELECT COUNT(*) FROM wechat_media_checks WHERE id = 'bad'"));
    }

    [Fact]
    public async Task RowThatCannotBeRead_IsLoggedOnceNotEverySweep_AndAgainWhenItChangesOrBreaksAgainAfterARepair()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        using var store = new SqliteMediaCheckStore(path, new FakeLogger<SqliteMediaCheckStore>(logs));
        var good = Pending("good", Now.AddMinutes(-1));
        await store.TryAddAsync(good, CancellationToken.None);
        await store.TryAddAsync(Pending("bad", Now.AddMinutes(-2)), CancellationToken.None);
        var json = await ScalarAsync<string>(path, "SELECT record FROM wechat_media_checks WHERE id = 'bad'");
        await UpdateRecordAsync(path, "bad", "{not json");
        int Logged() => logs.GetSnapshot().Count(e => e.Id.Name == "UnreadableRecord");

        for (var sweep = 0; sweep < 5; sweep++)
        {
            Assert.Equal(["good"], (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
        }

        Assert.Null(await store.FindByTraceIdAsync("trace-bad", CancellationToken.None));
        Assert.Equal(1, Logged());

        // Edited again, still unreadable: a different content is reported once more.
        await UpdateRecordAsync(path, "bad", "{\"Id\":");
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        Assert.Equal(2, Logged());

        // Repaired, then broken again with the first content: reported again.
        await UpdateRecordAsync(path, "bad", json);
        Assert.Equal(["bad", "good"], (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
        await UpdateRecordAsync(path, "bad", "{not json");
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        Assert.Equal(3, Logged());
        Assert.All(logs.GetSnapshot().Where(e => e.Id.Name == "UnreadableRecord"), e => Assert.Equal("bad", e.GetStructuredStateValue("RecordId")));
    }

    [Fact]
    public async Task MoreUnreadableRowsThanAreAskedFor_ArePassedOverPageByPage_NoReadableRowSkippedOrRepeated()
    {
        var path = _directory.File("checks.db");
        using var store = new SqliteMediaCheckStore(path, new FakeLogger<SqliteMediaCheckStore>(new FakeLogCollector()));

        string[] readable = ["good-1", "good-2", "good-3", "good-4"];
        foreach (var id in readable)
        {
            await store.TryAddAsync(Pending(id, Now.AddMinutes(-8)), CancellationToken.None);
        }

        // Five unreadable rows due before them, the last due with them: pages end inside runs of equal due times.
        for (var i = 0; i < 5; i++)
        {
            await ExecuteAsync(path, $"INSERT INTO wechat_media_checks (id, state, due_at, media_key, revision, record) VALUES ('bad-{i}', 1, $due, NULL, 3, $json)", Now.AddMinutes(-10 + (i / 2)), "{not json");
        }

        Assert.Equal(readable[..2], (await store.GetDueAsync(Now, 2, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable[..3], (await store.GetDueAsync(Now, 3, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable, (await store.GetDueAsync(Now, 4, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable, (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task EachPageOfDueRows_IsReadFromAnIndex_WithoutSortingEveryDueRow()
    {
        var path = _directory.File("checks.db");
        using (var store = new SqliteMediaCheckStore(path, new FakeLogger<SqliteMediaCheckStore>(new FakeLogCollector())))
        {
            await store.GetDueAsync(Now, 1, CancellationToken.None);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteMediaCheckStore.DuePage;
        foreach (var name in new[] { "$delivered", "$now", "$afterDue", "$limit" })
        {
            command.Parameters.AddWithValue(name, 0);
        }

        command.Parameters.AddWithValue("$afterId", string.Empty);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX ix_wechat_media_checks_due_order", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushForTheTraceIdOfARowThatCannotBeRead_IsNotAcknowledgedNorRecordedAsUnknown_AndIsDeliveredOnceTheRowIsRepaired()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        await using var app = await MediaCheckApp.StartAsync(build: b => Use(b, path, logs));
        var mediaUrl = new Uri("https://cdn.example.test/unreadable-push.png");
        app.Emulator.RegisterMedia(mediaUrl, WeChatEmulator.RiskyTestImage);
        var traceId = (await app.MediaCheck.SubmitAsync("post-1", mediaUrl, WeChatMediaType.Image)).TraceId;
        var id = await ScalarAsync<string>(path, "SELECT id FROM wechat_media_checks");
        var json = await ScalarAsync<string>(path, "SELECT record FROM wechat_media_checks");
        await UpdateRecordAsync(path, id, "{not json");

        var push = await app.PushAsync(traceId);

        Assert.Equal(500, push.StatusCode);
        Assert.Equal(0, app.Handler.Calls);
        Assert.Equal(1L, await ScalarAsync<long>(path, "SELECT COUNT(*) FROM wechat_media_checks"));
        Assert.Equal("{not json", await ScalarAsync<string>(path, "SELECT record FROM wechat_media_checks"));
        var snapshot = logs.GetSnapshot();
        Assert.Contains(snapshot, e => e.Id.Name == "UnreadableRecord" && Equals(e.GetStructuredStateValue("RecordId"), id));
        Assert.Contains(snapshot, e => e.Id.Name == "PushForUnreadableCheck" && Equals(e.GetStructuredStateValue("TraceId"), traceId));
        Assert.DoesNotContain(snapshot, e => e.Id.Name == "UnknownTraceId");
        Assert.DoesNotContain(snapshot, e => e.Message.Contains("not json", StringComparison.Ordinal));

        // Repaired, the check gets WeChat's next attempt at the same push.
        await UpdateRecordAsync(path, id, json);
        Assert.Equal("success", await app.Client.PostAgainAsync(push));
        var result = Assert.Single(await app.Handler.WaitForAsync(1));
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
    }

    [Fact]
    public async Task SubmissionOfTheMediaOfAPendingRowThatCannotBeRead_IsCheckedAnew_AndTheNextOneJoinsThatCheck()
    {
        var path = _directory.File("checks.db");
        var logs = new FakeLogCollector();
        await using var app = await MediaCheckApp.StartAsync(build: b => Use(b, path, logs));
        var bytes = WeChatEmulator.SafeTestImage.ToArray();
        var first = await app.MediaCheck.SubmitAsync("post-1", new MemoryStream(bytes), WeChatMediaType.Image);
        var id = await ScalarAsync<string>(path, "SELECT id FROM wechat_media_checks");
        await UpdateRecordAsync(path, id, "{not json");

        var second = await app.MediaCheck.SubmitAsync("post-2", new MemoryStream(bytes), WeChatMediaType.Image);
        var third = await app.MediaCheck.SubmitAsync("post-3", new MemoryStream(bytes), WeChatMediaType.Image);

        Assert.False(second.Joined);
        Assert.NotEqual(first.TraceId, second.TraceId);
        Assert.True(third.Joined);
        Assert.Equal(second.TraceId, third.TraceId);
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal(2L, await ScalarAsync<long>(path, "SELECT COUNT(*) FROM wechat_media_checks"));
        Assert.Equal("{not json", await ScalarAsync<string>(path, $"SELECT record FROM wechat_media_checks WHERE id = '{id}'"));
        Assert.Contains(logs.GetSnapshot(), e => e.Id.Name == "UnreadableRecord" && Equals(e.GetStructuredStateValue("RecordId"), id));
    }

    public void Dispose() => _directory.Dispose();

    private static void Use(IWeChatSecurityBuilder builder, string path, FakeLogCollector logs)
    {
        builder.AddSqliteMediaCheckStore(path);
        builder.Services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
    }

    private static async Task UpdateRecordAsync(string path, string id, string json)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE wechat_media_checks SET record = $json WHERE id = $id";
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<T> ScalarAsync<T>(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string path, string sql, DateTimeOffset due, string json)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$due", due.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$json", json);
        await command.ExecuteNonQueryAsync();
    }
}
