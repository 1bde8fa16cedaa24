using System.Threading.RateLimiting;
using AspNetCore.WeChatSecurity.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Resilience;

public sealed class WeChatMinuteRateLimiterTests
{
    [Fact]
    public async Task NeverAllowsMoreThanTheLimit_InAnySixtySecondWindow()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WeChatMinuteRateLimiter(10, TimeSpan.FromMinutes(5), time);
        var granted = new List<DateTimeOffset>();
        var pending = new List<Task>();
        for (var i = 0; i < 35; i++)
        {
            pending.Add(limiter.AcquireAsync(1).AsTask().ContinueWith(lease => { lock (granted) { if (lease.Result.IsAcquired) { granted.Add(time.GetUtcNow()); } } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        for (var second = 0; second < 240; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(pending);
        Assert.Equal(35, granted.Count);
        var ordered = granted.Order().ToArray();
        for (var i = 10; i < ordered.Length; i++)
        {
            Assert.True(ordered[i] - ordered[i - 10] >= TimeSpan.FromMinutes(1), $"call {i} came {ordered[i] - ordered[i - 10]} after call {i - 10}");
        }
    }

    [Fact]
    public async Task APermitFurtherAwayThanTheAllowedWait_IsRefusedAtOnce_WithRetryAfter()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WeChatMinuteRateLimiter(2, TimeSpan.FromSeconds(2), time);
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await limiter.AcquireAsync(1)).IsAcquired);
        time.Advance(TimeSpan.FromSeconds(20));

        using var refused = await limiter.AcquireAsync(1);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
        Assert.Equal(1, limiter.GetStatistics()!.TotalFailedLeases);

        // Two seconds before the slot, the caller waits for it instead.
        time.Advance(TimeSpan.FromSeconds(8));
        var waiting = limiter.AcquireAsync(1).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await waiting).IsAcquired);
    }

    [Fact]
    public void AttemptAcquire_NeverWaits()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WeChatMinuteRateLimiter(3, TimeSpan.FromSeconds(30), time);

        Assert.True(limiter.AttemptAcquire(2).IsAcquired);
        Assert.True(limiter.AttemptAcquire(0).IsAcquired);
        Assert.False(limiter.AttemptAcquire(2).IsAcquired);
        Assert.True(limiter.AttemptAcquire(1).IsAcquired);
        Assert.False(limiter.AttemptAcquire(0).IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(4));
    }

    [Fact]
    public async Task CancelledWaiter_Throws()
    {
        var time = new FakeTimeProvider();
        using var limiter = new WeChatMinuteRateLimiter(1, TimeSpan.FromMinutes(2), time);
        await limiter.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
