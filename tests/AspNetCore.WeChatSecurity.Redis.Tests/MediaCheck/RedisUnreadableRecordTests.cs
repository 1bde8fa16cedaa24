using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.Farm;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static AspNetCore.WeChatSecurity.TestData.MediaCheckRecords;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

/// <summary>An entry whose data cannot be read, written straight into a real redis-server, costs that entry alone.</summary>
[Collection(UsesSharedRedis.Name)]
public sealed class RedisUnreadableRecordTests(SharedRedis redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [RedisTheory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("""{"Id":"bad"}""")]
    public async Task DueEntryThatCannotBeRead_IsLoggedAndPassedOver_AndKept_WithoutTakingTheReadableEntriesPlaces(string json)
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), new FakeLogger<RedisMediaCheckStore>(logs));
        await store.TryAddAsync(Pending("good-1", Now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Pending("good-2", Now.AddMinutes(-1)), CancellationToken.None);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        await database.HashSetAsync(keys + "record:bad", [new("rev", "3"), new("state", "1"), new("data", json), new("media", string.Empty), new("traces", "trace-bad")]);
        await database.SortedSetAddAsync(keys + "due", "bad", Microseconds(Now.AddMinutes(-10)));

        var due = await store.GetDueAsync(Now, 10, CancellationToken.None);
        var first = await store.GetDueAsync(Now, 1, CancellationToken.None);

        Assert.Equal(["good-1", "good-2"], due.Select(r => r.Id));
        Assert.Equal("good-1", Assert.Single(first).Id);
        var logged = Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "UnreadableRecord");
        Assert.Equal("bad", logged.GetStructuredStateValue("RecordId"));
        Assert.Equal(json, (string?)await database.HashGetAsync(keys + "record:bad", "data"));
        Assert.NotNull(await database.SortedSetScoreAsync(keys + "due", "bad"));
    }

    [RedisFact]
    public async Task RecordKeyThatIsNotAHash_IsLoggedAndPassedOverLikeUnreadableJson_InsteadOfFailingEveryLookupThatMeetsIt()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), new FakeLogger<RedisMediaCheckStore>(logs));
        var good = Pending("good", Now.AddMinutes(-1)) with { MediaKey = "image:same" };
        await store.TryAddAsync(good, CancellationToken.None);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";

        // Written by another program under the store's key: a string where the store keeps a hash.
        await database.StringSetAsync(keys + "record:bad", "not a hash");
        await database.StringSetAsync(keys + "trace:trace-bad", "bad");
        await database.SortedSetAddAsync(keys + "due", "bad", Microseconds(Now.AddMinutes(-10)));
        await database.SetAddAsync(keys + "media:image:same", "bad");

        Assert.Equal(["good"], (await store.GetDueAsync(Now, 1, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(["good"], (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Null(await store.FindByTraceIdAsync("trace-bad", CancellationToken.None));
        Assert.Equal("good", (await store.FindPendingByMediaKeyAsync("image:same", CancellationToken.None))?.Id);
        Assert.False(await store.TryAddAsync(Pending("other", Now) with { TraceId = "trace-bad" }, CancellationToken.None));

        var logged = Assert.Single(logs.GetSnapshot(), e => e.Id.Name == "UnreadableRecord");
        Assert.Equal("bad", logged.GetStructuredStateValue("RecordId"));
        Assert.Equal("not a hash", (string?)await database.StringGetAsync(keys + "record:bad"));
    }

    [RedisFact]
    public async Task DeliveredRecordKeyThatIsNotAHash_IsRemovedAtTheEndOfItsRetention_WithoutFailingTheRemovalOfTheOthers()
    {
        var prefix = SharedRedis.UniquePrefix();
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), new FakeLogger<RedisMediaCheckStore>(new FakeLogCollector()));
        await store.TryAddAsync(Delivered("bad", Now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Delivered("good", Now.AddMinutes(-1)), CancellationToken.None);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";

        // Written over by another program after its delivery: a string where the store keeps a hash.
        await database.StringSetAsync(keys + "record:bad", "not a hash");

        Assert.Equal(2, await store.RemoveDeliveredAsync(Now, CancellationToken.None));
        Assert.False(await database.KeyExistsAsync(keys + "record:bad"));
        Assert.False(await database.KeyExistsAsync(keys + "record:good"));
        Assert.False(await database.KeyExistsAsync(keys + "trace:trace-good"));
        Assert.Equal(0, await database.SortedSetLengthAsync(keys + "delivered"));
        Assert.Equal(0, await store.RemoveDeliveredAsync(Now, CancellationToken.None));
    }

    [RedisFact]
    public async Task EntryThatCannotBeRead_IsLoggedOnceNotEverySweep_AndAgainWhenItChangesOrBreaksAgainAfterARepair()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), new FakeLogger<RedisMediaCheckStore>(logs));
        await store.TryAddAsync(Pending("good", Now.AddMinutes(-1)), CancellationToken.None);
        await store.TryAddAsync(Pending("bad", Now.AddMinutes(-2)), CancellationToken.None);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var record = prefix + "{media-checks}:record:bad";
        var json = await database.HashGetAsync(record, "data");
        await database.HashSetAsync(record, "data", "{not json");
        int Logged() => logs.GetSnapshot().Count(e => e.Id.Name == "UnreadableRecord");

        for (var sweep = 0; sweep < 5; sweep++)
        {
            Assert.Equal(["good"], (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
        }

        Assert.Null(await store.FindByTraceIdAsync("trace-bad", CancellationToken.None));
        Assert.Equal(1, Logged());

        // Edited again, still unreadable: a different content is reported once more.
        await database.HashSetAsync(record, "data", "{\"Id\":");
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        Assert.Equal(2, Logged());

        // Repaired, then broken again with the first content: reported again.
        await database.HashSetAsync(record, "data", json);
        Assert.Equal(["bad", "good"], (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
        await database.HashSetAsync(record, "data", "{not json");
        await store.GetDueAsync(Now, 10, CancellationToken.None);
        Assert.Equal(3, Logged());
    }

    [RedisFact]
    public async Task MoreUnreadableEntriesThanAreAskedFor_ArePassedOverPageByPage_NoReadableEntrySkippedOrRepeated()
    {
        var prefix = SharedRedis.UniquePrefix();
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), new FakeLogger<RedisMediaCheckStore>(new FakeLogCollector()));
        var database = (await redis.ConnectionAsync()).GetDatabase();

        // Readable and unreadable entries interleaved among equal due times (the set orders them by id), and before them:
        // pages end inside runs of equal scores, where the next page starts after the last id seen.
        string[] readable = ["b-good", "d-good", "f-good", "h-good"];
        foreach (var id in readable)
        {
            await store.TryAddAsync(Pending(id, Now.AddMinutes(-8)), CancellationToken.None);
        }

        foreach (var (id, due) in new[] { ("z-bad-0", -10), ("z-bad-1", -10), ("y-bad", -9), ("a-bad", -8), ("c-bad", -8), ("e-bad", -8), ("g-bad", -8) })
        {
            await AddUnreadableAsync(database, prefix, id, Now.AddMinutes(due));
        }

        Assert.Equal(readable[..1], (await store.GetDueAsync(Now, 1, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable[..2], (await store.GetDueAsync(Now, 2, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable[..3], (await store.GetDueAsync(Now, 3, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable, (await store.GetDueAsync(Now, 4, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(readable, (await store.GetDueAsync(Now, 10, CancellationToken.None)).Select(r => r.Id));
    }

    [RedisFact]
    public async Task EntriesRescheduledBetweenPages_DoNotMakeTheNextPageSkipTheDueEntriesBehindThem()
    {
        var prefix = SharedRedis.UniquePrefix();
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var due = prefix + "{media-checks}:due";

        // While the store reads a page, another instance reschedules the entries it holds (after a repair, say): the
        // store's log of each unreadable entry is the moment between reading this page and asking for the next.
        var logger = new CallbackLogger<RedisMediaCheckStore>(recordId => database.SortedSetAdd(due, recordId, Microseconds(Now.AddHours(1))));
        var store = new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, prefix), logger);
        await AddUnreadableAsync(database, prefix, "bad-1", Now.AddMinutes(-10));
        await AddUnreadableAsync(database, prefix, "bad-2", Now.AddMinutes(-9));
        foreach (var (id, minutes) in new[] { ("good-a", -5), ("good-b", -4), ("good-c", -3) })
        {
            await store.TryAddAsync(Pending(id, Now.AddMinutes(minutes)), CancellationToken.None);
        }

        var found = await store.GetDueAsync(Now, 2, CancellationToken.None);

        Assert.Equal(["good-a", "good-b"], found.Select(r => r.Id));
        Assert.Equal(["bad-1", "bad-2"], logger.Logged);
    }

    [RedisFact]
    public async Task PushForTheTraceIdOfAnEntryThatCannotBeRead_IsNotAcknowledgedNorRecordedAsUnknown_AndIsDeliveredOnceTheEntryIsRepaired()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(Now);
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time, PushUrl = new Uri("http://localhost/wechat/push") });
        await using var instance = await FarmInstance.StartAsync(emulator, time, (await redis.ServerAsync()).ConnectionString, prefix, textChecksPerMinute: 60, logs);
        emulator.Options.PushHandler = instance.CreateHandler();
        var mediaUrl = new Uri("https://cdn.example.test/unreadable-push.png");
        emulator.RegisterMedia(mediaUrl, WeChatEmulator.RiskyTestImage);
        var traceId = (await instance.MediaCheck.SubmitAsync("post-1", mediaUrl, WeChatMediaType.Image)).TraceId;
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        var id = (string)(await database.StringGetAsync(keys + "trace:" + traceId))!;
        var json = await database.HashGetAsync(keys + "record:" + id, "data");
        await database.HashSetAsync(keys + "record:" + id, "data", "{not json");

        var pushed = emulator.WaitForPushAsync(traceId);
        time.Advance(emulator.Options.MediaCheckDelay);
        var push = await pushed;

        Assert.Equal(500, push.StatusCode);
        Assert.Empty(instance.Handler.Results);
        Assert.Equal("{not json", (string?)await database.HashGetAsync(keys + "record:" + id, "data"));
        Assert.Equal(id, (string?)await database.StringGetAsync(keys + "trace:" + traceId));
        var snapshot = logs.GetSnapshot();
        Assert.Contains(snapshot, e => e.Id.Name == "UnreadableRecord" && Equals(e.GetStructuredStateValue("RecordId"), id));
        Assert.Contains(snapshot, e => e.Id.Name == "PushForUnreadableCheck" && Equals(e.GetStructuredStateValue("TraceId"), traceId));
        Assert.DoesNotContain(snapshot, e => e.Id.Name == "UnknownTraceId");
        Assert.DoesNotContain(snapshot, e => e.Message.Contains("not json", StringComparison.Ordinal));

        // Repaired, the check gets WeChat's next attempt at the same push.
        await database.HashSetAsync(keys + "record:" + id, "data", json);
        Assert.Equal("success", await instance.Client.PostAgainAsync(push));
        var result = Assert.Single(instance.Handler.Results);
        Assert.Equal("post-1", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
    }

    [RedisFact]
    public async Task SubmissionOfTheMediaOfAPendingEntryThatCannotBeRead_IsCheckedAnew_AndTheNextOneJoinsThatCheck()
    {
        var prefix = SharedRedis.UniquePrefix();
        var logs = new FakeLogCollector();
        var time = new FakeTimeProvider(Now);
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time });
        await using var instance = await FarmInstance.StartAsync(emulator, time, (await redis.ServerAsync()).ConnectionString, prefix, textChecksPerMinute: 60, logs);
        var bytes = WeChatEmulator.SafeTestImage.ToArray();
        var first = await instance.MediaCheck.SubmitAsync("post-1", new MemoryStream(bytes), WeChatMediaType.Image);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        var id = (string)(await database.StringGetAsync(keys + "trace:" + first.TraceId))!;
        await database.HashSetAsync(keys + "record:" + id, "data", "{not json");

        var second = await instance.MediaCheck.SubmitAsync("post-2", new MemoryStream(bytes), WeChatMediaType.Image);
        var third = await instance.MediaCheck.SubmitAsync("post-3", new MemoryStream(bytes), WeChatMediaType.Image);

        Assert.False(second.Joined);
        Assert.NotEqual(first.TraceId, second.TraceId);
        Assert.True(third.Joined);
        Assert.Equal(second.TraceId, third.TraceId);
        Assert.Equal(2, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal("{not json", (string?)await database.HashGetAsync(keys + "record:" + id, "data"));
        Assert.Contains(logs.GetSnapshot(), e => e.Id.Name == "UnreadableRecord" && Equals(e.GetStructuredStateValue("RecordId"), id));
    }

    private static WeChatMediaCheckRecord Delivered(string id, DateTimeOffset dueAt) => Pending(id, dueAt) with
    {
        Result = new WeChatMediaCheckResult { Outcome = WeChatMediaCheckOutcome.Pass, TraceId = "trace-" + id, CreatedAt = dueAt.AddDays(-1) },
        DeliveredCount = 1,
        DeliveredAt = dueAt.AddDays(-1),
    };

    private static async Task AddUnreadableAsync(IDatabase database, string prefix, string id, DateTimeOffset dueAt)
    {
        var keys = prefix + "{media-checks}:";
        await database.HashSetAsync(keys + "record:" + id, [new("rev", "3"), new("state", "1"), new("data", "{not json"), new("media", string.Empty), new("traces", "trace-" + id)]);
        await database.SortedSetAddAsync(keys + "due", id, Microseconds(dueAt));
    }

    // The store's score: microseconds since the Unix epoch.
    private static double Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
