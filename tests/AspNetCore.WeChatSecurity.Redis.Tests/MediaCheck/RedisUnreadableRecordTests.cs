using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

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
        await store.TryAddAsync(Due("good-1", Now.AddMinutes(-2)), CancellationToken.None);
        await store.TryAddAsync(Due("good-2", Now.AddMinutes(-1)), CancellationToken.None);
        var database = (await redis.ConnectionAsync()).GetDatabase();
        var keys = prefix + "{media-checks}:";
        await database.HashSetAsync(keys + "record:bad", [new("rev", "3"), new("state", "1"), new("data", json), new("media", string.Empty), new("traces", "trace-bad")]);
        await database.SortedSetAddAsync(keys + "due", "bad", Microseconds(Now.AddMinutes(-10)));

        var due = await store.GetDueAsync(Now, 10, CancellationToken.None);
        var first = await store.GetDueAsync(Now, 1, CancellationToken.None);

        Assert.Equal(["good-1", "good-2"], due.Select(r => r.Id));
        Assert.Equal("good-1", Assert.Single(first).Id);
        var logged = logs.GetSnapshot().Where(e => e.Id.Name == "UnreadableRecord").ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, e => Assert.Equal("bad", e.GetStructuredStateValue("RecordId")));
        Assert.Equal(json, (string?)await database.HashGetAsync(keys + "record:bad", "data"));
        Assert.NotNull(await database.SortedSetScoreAsync(keys + "due", "bad"));
    }

    private static WeChatMediaCheckRecord Due(string id, DateTimeOffset dueAt) => new()
    {
        Id = id,
        TraceId = "trace-" + id,
        CorrelationIds = ["post-" + id],
        MediaType = WeChatMediaType.Image,
        MediaUrl = new Uri($"https://cdn.example.test/{id}.png"),
        SubmittedAt = dueAt.AddMinutes(-35),
        Deadline = dueAt.AddMinutes(-5),
        DueAt = dueAt,
    };

    // The store's score: microseconds since the Unix epoch.
    private static double Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
