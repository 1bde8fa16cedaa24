using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Redis.Verdicts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Verdicts;

[Collection(UsesSharedRedis.Name)]
public sealed class RedisVerdictCacheTests(SharedRedis redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly WeChatVerdict Risky = new(WeChatSuggestion.Risky, 87014, 20001, "trace-1", FromCache: false);

    [RedisFact]
    public async Task NewContentAtThreeInstancesAtOnce_IsCheckedOnce_AndTheOthersGetThatVerdict()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var instances = new List<RedisVerdictCache>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add(Create(await TestConnections.CreateAsync(redis, prefix), time));
        }

        var checks = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new CountdownEvent(2);
        foreach (var instance in instances)
        {
            instance.WaitingForVerdict += _ => waiting.Signal();
        }

        async Task<WeChatCachedVerdict> Check(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref checks);
            await release.Task;
            return new WeChatCachedVerdict(Risky, time.GetUtcNow().AddHours(1));
        }

        var answers = instances.Select(instance => instance.GetOrAddAsync("text:key-1", Check, CancellationToken.None)).ToList();
        await Task.Run(() => waiting.Wait(Bound));
        Assert.Equal(0, waiting.CurrentCount);
        release.SetResult();
        var verdicts = await Task.WhenAll(answers).WaitAsync(Bound);

        Assert.Equal(1, checks);
        Assert.All(verdicts, verdict => Assert.Equal(WeChatSuggestion.Risky, verdict.Verdict.Suggestion));
        Assert.Equal(2, verdicts.Count(verdict => verdict.Verdict.FromCache));
    }

    [RedisFact]
    public async Task AClaimWhoseInstanceDied_Expires_AndAnotherInstanceTakesOver()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var database = (await redis.ConnectionAsync()).GetDatabase();

        // An instance claimed the key for 15 s and died: its claim is still in Redis.
        var claimedUntil = time.GetUtcNow().AddSeconds(15).ToUnixTimeMilliseconds();
        await database.StringSetAsync(prefix + "verdict-claim:text:key-2", "dead:" + claimedUntil, TimeSpan.FromMinutes(5));
        var survivor = Create(await TestConnections.CreateAsync(redis, prefix), time);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        survivor.WaitingForVerdict += _ => waiting.TrySetResult();
        var checks = 0;

        var answer = survivor.GetOrAddAsync(
            "text:key-2",
            _ =>
            {
                Interlocked.Increment(ref checks);
                return Task.FromResult(new WeChatCachedVerdict(Risky, time.GetUtcNow().AddHours(1)));
            },
            CancellationToken.None);
        await waiting.Task.WaitAsync(Bound);
        Assert.Equal(0, checks);

        // Polls come every half second until the claim has expired; each sets its timer before it waits.
        for (var step = 0; step < 40 && !answer.IsCompleted; step++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(answer, waiting.Task).WaitAsync(Bound);
        }

        var verdict = await answer.WaitAsync(Bound);
        Assert.Equal(1, checks);
        Assert.Equal(WeChatSuggestion.Risky, verdict.Verdict.Suggestion);
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() >= claimedUntil);
        Assert.NotNull(await survivor.TryGetAsync("text:key-2", CancellationToken.None));
    }

    [RedisFact]
    public async Task AfterTheLongestWait_TheInstanceChecksByItself()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var database = (await redis.ConnectionAsync()).GetDatabase();
        await database.StringSetAsync(prefix + "verdict-claim:text:key-4", "slow:" + time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(), TimeSpan.FromMinutes(5));
        var impatient = new RedisVerdictCache(await TestConnections.CreateAsync(redis, prefix), Options.Create(new WeChatRedisOptions { MaxVerdictWait = TimeSpan.FromSeconds(2) }), time);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        impatient.WaitingForVerdict += _ => waiting.TrySetResult();

        var answer = impatient.GetOrAddAsync("text:key-4", _ => Task.FromResult(new WeChatCachedVerdict(Risky, time.GetUtcNow().AddHours(1))), CancellationToken.None);
        for (var step = 0; step < 10 && !answer.IsCompleted; step++)
        {
            await Task.WhenAny(answer, waiting.Task).WaitAsync(Bound);
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(WeChatSuggestion.Risky, (await answer.WaitAsync(Bound)).Verdict.Suggestion);
        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2026, 11, 29, 8, 0, 2, TimeSpan.Zero));
    }

    [Fact]
    public async Task RedisDown_TheInstanceChecksByItself()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var connection = await TestConnections.UnreachableAsync();
        var cache = Create(connection, time);

        var verdict = await cache.GetOrAddAsync("text:key-3", _ => Task.FromResult(new WeChatCachedVerdict(Risky, time.GetUtcNow().AddHours(1))), CancellationToken.None);

        Assert.Equal(WeChatSuggestion.Risky, verdict.Verdict.Suggestion);
        Assert.Null(await cache.TryGetAsync("text:key-3", CancellationToken.None));
    }

    private static RedisVerdictCache Create(RedisConnection connection, TimeProvider time) =>
        new(connection, Options.Create(new WeChatRedisOptions { MaxVerdictWait = TimeSpan.FromMinutes(1) }), time);
}
