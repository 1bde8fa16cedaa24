using AspNetCore.WeChatSecurity.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Resilience;

public sealed class SlidingMinuteLimiterTests
{
    [Fact]
    public async Task NeverAllowsMoreThanTheLimit_InAnySixtySecondWindow()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingMinuteLimiter(10, TimeSpan.FromMinutes(5), time);
        var granted = new List<DateTimeOffset>();
        var pending = new List<Task>();
        for (var i = 0; i < 35; i++)
        {
            pending.Add(limiter.AcquireAsync(default).AsTask().ContinueWith(_ => { lock (granted) { granted.Add(time.GetUtcNow()); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
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
    public async Task CancelledWaiter_Throws()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingMinuteLimiter(1, TimeSpan.FromMinutes(2), time);
        await limiter.AcquireAsync(default);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
