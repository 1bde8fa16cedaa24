using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Redis.Verdicts;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Verdicts;

[Collection(UsesSharedRedis.Name)]
public sealed class RedisVerdictClaimsTests(SharedRedis redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Verdict = [1, 2, 3];

    [RedisFact]
    public async Task NewContentAtThreeInstancesAtOnce_OneClaimsIt_AndTheOthersTakeTheVerdictItStores()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var store = new RedisVerdictStore(await TestConnections.CreateAsync(redis, prefix));
        var waiting = new CountdownEvent(2);
        var instances = new List<RedisVerdictClaims>();
        for (var i = 0; i < 3; i++)
        {
            var instance = Create(await TestConnections.CreateAsync(redis, prefix), time);
            instance.WaitingForVerdict += _ => waiting.Signal();
            instances.Add(instance);
        }

        var claims = instances.Select(instance => instance.ClaimAsync("text:key-1", IsStored(store, "text:key-1"), CancellationToken.None).AsTask()).ToList();
        var first = await (await Task.WhenAny(claims).WaitAsync(Bound));
        await Task.Run(() => waiting.Wait(Bound));
        Assert.Equal(0, waiting.CurrentCount);
        Assert.NotNull(first);
        Assert.Equal(1, claims.Count(claim => claim.IsCompleted));

        await store.SetAsync("text:key-1", Verdict, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
        await first.DisposeAsync();
        var all = await Task.WhenAll(claims).WaitAsync(Bound);

        Assert.Equal(2, all.Count(claim => claim is null));
        Assert.Equal(Verdict, await store.GetAsync("text:key-1"));
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
        var connection = await TestConnections.CreateAsync(redis, prefix);
        var survivor = Create(connection, time);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        survivor.WaitingForVerdict += _ => waiting.TrySetResult();

        var claim = survivor.ClaimAsync("text:key-2", IsStored(new RedisVerdictStore(connection), "text:key-2"), CancellationToken.None).AsTask();
        await waiting.Task.WaitAsync(Bound);
        Assert.False(claim.IsCompleted);

        // Polls come every half second until the claim has expired; each sets its timer before it waits.
        for (var step = 0; step < 40 && !claim.IsCompleted; step++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(claim, waiting.Task).WaitAsync(Bound);
        }

        Assert.NotNull(await claim.WaitAsync(Bound));
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() >= claimedUntil);
        var held = (string?)await database.StringGetAsync(prefix + "verdict-claim:text:key-2");
        Assert.False(held is null || held.StartsWith("dead:", StringComparison.Ordinal), $"The survivor holds the claim now, not the dead instance: {held}");
    }

    [RedisFact]
    public async Task AfterTheLongestWait_TheInstanceChecksByItself()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var database = (await redis.ConnectionAsync()).GetDatabase();
        await database.StringSetAsync(prefix + "verdict-claim:text:key-4", "slow:" + time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(), TimeSpan.FromMinutes(5));
        var connection = await TestConnections.CreateAsync(redis, prefix);
        var impatient = new RedisVerdictClaims(connection, Options.Create(new WeChatRedisOptions { MaxVerdictWait = TimeSpan.FromSeconds(2) }), time);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        impatient.WaitingForVerdict += _ => waiting.TrySetResult();

        var claim = impatient.ClaimAsync("text:key-4", IsStored(new RedisVerdictStore(connection), "text:key-4"), CancellationToken.None).AsTask();
        for (var step = 0; step < 10 && !claim.IsCompleted; step++)
        {
            await Task.WhenAny(claim, waiting.Task).WaitAsync(Bound);
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.NotNull(await claim.WaitAsync(Bound));
        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2026, 11, 29, 8, 0, 2, TimeSpan.Zero));
        Assert.StartsWith("slow:", (string?)await database.StringGetAsync(prefix + "verdict-claim:text:key-4"), StringComparison.Ordinal);
    }

    [RedisTheory]
    [InlineData("finds the verdict at a poll")]
    [InlineData("takes over the expired claim")]
    [InlineData("gives up after the longest wait")]
    [InlineData("is cancelled")]
    public async Task AWaiterThatStopsWithoutAMessage_LeavesNothingBehind(string how)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var database = (await redis.ConnectionAsync()).GetDatabase();

        // The claimant died without letting go: no message ever comes for this key.
        var claimedFor = how == "takes over the expired claim" ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(5);
        await database.StringSetAsync(prefix + "verdict-claim:text:key-5", "dead:" + (time.GetUtcNow() + claimedFor).ToUnixTimeMilliseconds(), TimeSpan.FromMinutes(5));
        var connection = await TestConnections.CreateAsync(redis, prefix);
        var store = new RedisVerdictStore(connection);
        var waiter = new RedisVerdictClaims(connection, Options.Create(new WeChatRedisOptions { MaxVerdictWait = TimeSpan.FromSeconds(2) }), time);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiter.WaitingForVerdict += _ => waiting.TrySetResult();
        using var cancellation = new CancellationTokenSource();

        var claim = waiter.ClaimAsync("text:key-5", IsStored(store, "text:key-5"), cancellation.Token).AsTask();
        await waiting.Task.WaitAsync(Bound);
        Assert.Equal(1, waiter.WaitedKeyCount);
        switch (how)
        {
            case "finds the verdict at a poll":
                await store.SetAsync("text:key-5", Verdict, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
                break;
            case "is cancelled":
                await cancellation.CancelAsync();
                break;
        }

        for (var step = 0; step < 10 && !claim.IsCompleted; step++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(claim, waiting.Task).WaitAsync(Bound);
        }

        switch (how)
        {
            case "finds the verdict at a poll":
                Assert.Null(await claim.WaitAsync(Bound));
                break;
            case "is cancelled":
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => claim.WaitAsync(Bound));
                break;
            default:
                Assert.NotNull(await claim.WaitAsync(Bound));
                break;
        }

        Assert.Equal(0, waiter.WaitedKeyCount);
    }

    [RedisFact]
    public async Task OneOfTwoWaitersGivesUp_TheOtherIsStillWokenWhenTheClaimIsReleased()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var prefix = SharedRedis.UniquePrefix();
        var store = new RedisVerdictStore(await TestConnections.CreateAsync(redis, prefix));
        var holder = Create(await TestConnections.CreateAsync(redis, prefix), time);
        var claimed = await holder.ClaimAsync("text:key-6", IsStored(store, "text:key-6"), CancellationToken.None);
        Assert.NotNull(claimed);
        var waiters = Create(await TestConnections.CreateAsync(redis, prefix), time);
        var waiting = new CountdownEvent(2);
        waiters.WaitingForVerdict += _ => waiting.Signal();
        using var cancellation = new CancellationTokenSource();

        var leaving = waiters.ClaimAsync("text:key-6", IsStored(store, "text:key-6"), cancellation.Token).AsTask();
        var staying = waiters.ClaimAsync("text:key-6", IsStored(store, "text:key-6"), CancellationToken.None).AsTask();
        await Task.Run(() => waiting.Wait(Bound));
        Assert.Equal(0, waiting.CurrentCount);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(Bound));
        Assert.Equal(1, waiters.WaitedKeyCount);

        // The clock stands still: only the holder's message can wake the waiter that stayed.
        await store.SetAsync("text:key-6", Verdict, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
        await claimed.DisposeAsync();

        Assert.Null(await staying.WaitAsync(Bound));
        Assert.Equal(0, waiters.WaitedKeyCount);
    }

    [Fact]
    public async Task RedisDown_TheInstanceChecksByItself_AndStoresNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var connection = await TestConnections.UnreachableAsync();
        var store = new RedisVerdictStore(connection);

        var claim = await Create(connection, time).ClaimAsync("text:key-3", IsStored(store, "text:key-3"), CancellationToken.None);
        await store.SetAsync("text:key-3", Verdict, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });

        Assert.NotNull(claim);
        Assert.Null(await store.GetAsync("text:key-3"));
    }

    private static Func<CancellationToken, ValueTask<bool>> IsStored(RedisVerdictStore store, string key) =>
        async cancellationToken => await store.GetAsync(key, cancellationToken) is not null;

    private static RedisVerdictClaims Create(RedisConnection connection, TimeProvider time) =>
        new(connection, Options.Create(new WeChatRedisOptions { MaxVerdictWait = TimeSpan.FromMinutes(1) }), time);
}
