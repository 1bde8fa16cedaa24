using System.Runtime.InteropServices;
using AspNetCore.WeChatSecurity.Tests.Checks;
using AspNetCore.WeChatSecurity.Tests.Images;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

public class VerdictCacheTests
{
    private static readonly WeChatCheckContext User = new() { OpenId = "o-user" };

    [Fact]
    public async Task SameTextTwice_SecondFromCacheWithoutACall()
    {
        using var harness = new ContentSecurityHarness();
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Review;

        var first = await harness.Security.CheckTextAsync("hello", User);
        var second = await harness.Security.CheckTextAsync("hello", User);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first with { FromCache = true }, second);
        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public async Task SameImageTwice_SecondFromCache()
    {
        using var harness = new ContentSecurityHarness();

        await harness.Security.CheckImageAsync(TestImages.Png(10, 10));
        var second = await harness.Security.CheckImageAsync(TestImages.Png(10, 10));

        Assert.True(second.FromCache);
        Assert.Equal(1, harness.Api.ImageCalls);
    }

    [Fact]
    public void TextAndImageOfTheSameBytes_DifferentKeys()
    {
        using var harness = new ContentSecurityHarness();
        const string text = "GIF89a\u0010\u0000\u0010\u0000";

        var textKey = harness.Keys.ForText(text, 1, WeChatScene.Comment, null);
        var imageKey = harness.Keys.ForImage(MemoryMarshal.AsBytes(text.AsSpan()));

        Assert.NotEqual(textKey, imageKey);
        Assert.NotEqual(textKey, imageKey with { Kind = ContentKind.Text });
    }

    [Fact]
    public async Task OtherVersionOrScene_AnotherCall()
    {
        using var harness = new ContentSecurityHarness();

        await harness.Security.CheckTextAsync("hello");
        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { OpenId = "o-user", Scene = WeChatScene.Comment });
        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { OpenId = "o-user", Scene = WeChatScene.Forum });
        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { OpenId = "o-user", Scene = WeChatScene.Forum, Title = "t" });

        Assert.Equal(4, harness.Api.TextCalls);
    }

    [Fact]
    public async Task V1InAnotherScene_SameKeyBecauseV1TakesNoScene()
    {
        using var harness = new ContentSecurityHarness();

        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { Scene = WeChatScene.Comment });
        var second = await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { Scene = WeChatScene.Forum });

        Assert.True(second.FromCache);
        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public async Task AnotherOpenId_SameVerdictFromCache()
    {
        using var harness = new ContentSecurityHarness();

        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { OpenId = "o-alice" });
        var second = await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { OpenId = "o-bob" });

        Assert.True(second.FromCache);
        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public void Keys_DerivedFromTheAppSecret()
    {
        VerdictKey Key(string? appId, string? secret) =>
            new VerdictKeyFactory(new WeChatSecurityOptions { AppId = appId, AppSecret = secret }).ForText("hello", 1, WeChatScene.Comment, null);

        Assert.Equal(Key("wx1", "secret-a"), Key("wx2", "secret-a"));
        Assert.NotEqual(Key("wx1", "secret-a"), Key("wx1", "secret-b"));
        Assert.Equal(Key("wx1", null), Key("wx1", null));
        Assert.NotEqual(Key("wx1", null), Key("wx2", null));
        Assert.NotEqual(Key(null, null), Key(null, null));
    }

    public static TheoryData<int, TimeSpan> Ttls => new()
    {
        { (int)WeChatSuggestion.Pass, TimeSpan.FromHours(1) },
        { (int)WeChatSuggestion.Review, TimeSpan.FromMinutes(10) },
        { (int)WeChatSuggestion.Risky, TimeSpan.FromHours(24) },
    };

    [Theory]
    [MemberData(nameof(Ttls))]
    public async Task EachVerdict_ExpiresAfterItsOwnTtl(int suggestion, TimeSpan ttl)
    {
        using var harness = new ContentSecurityHarness(o =>
        {
            o.Cache.PassTtl = TimeSpan.FromHours(1);
            o.Cache.ReviewTtl = TimeSpan.FromMinutes(10);
            o.Cache.RiskyTtl = TimeSpan.FromHours(24);
        });
        harness.Api.TextVerdict = _ => (WeChatSuggestion)suggestion switch
        {
            WeChatSuggestion.Pass => FakeWeChatApiClient.Pass,
            WeChatSuggestion.Review => FakeWeChatApiClient.Review,
            _ => FakeWeChatApiClient.Risky,
        };

        await harness.Security.CheckTextAsync("hello", User);
        harness.Time.Advance(ttl - TimeSpan.FromSeconds(1));
        var beforeExpiry = await harness.Security.CheckTextAsync("hello", User);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var afterExpiry = await harness.Security.CheckTextAsync("hello", User);

        Assert.True(beforeExpiry.FromCache);
        Assert.False(afterExpiry.FromCache);
        Assert.Equal(2, harness.Api.TextCalls);
    }

    [Fact]
    public async Task FailedCheck_NotCached()
    {
        using var harness = new ContentSecurityHarness();
        harness.Api.TextVerdict = _ => throw new WeChatUnavailableException(WeChatUnavailableReason.CircuitOpen, "open");

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Security.CheckTextAsync("hello").AsTask());
        harness.Api.TextVerdict = _ => throw new WeChatApiException("msg_sec_check", 40003, "invalid openid");
        await Assert.ThrowsAsync<WeChatApiException>(() => harness.Security.CheckTextAsync("hello").AsTask());
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Pass;
        var verdict = await harness.Security.CheckTextAsync("hello");

        Assert.False(verdict.FromCache);
        Assert.Equal(3, harness.Api.TextCalls);
        Assert.Equal(1, harness.Cache.Count);
    }

    [Fact]
    public async Task ManyDistinctTexts_NoMoreEntriesThanMaxEntries()
    {
        using var harness = new ContentSecurityHarness(o => o.Cache.MaxEntries = 5);

        for (var i = 0; i < 50; i++)
        {
            await harness.Security.CheckTextAsync($"text {i}");
            Assert.InRange(harness.Cache.Count, 0, 5);
        }

        Assert.Equal(50, harness.Api.TextCalls);
    }

    [Fact]
    public async Task ConcurrentMissesOfDistinctTexts_LeaveNoMoreEntriesThanMaxEntries()
    {
        using var harness = new ContentSecurityHarness(o => o.Cache.MaxEntries = 10);

        // Counted between batches: the count enumerates the entries, which is no snapshot while others are added.
        for (var batch = 0; batch < 50; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
                await harness.Security.CheckTextAsync($"text {batch}-{i}"))));
            Assert.InRange(harness.Cache.Count, 1, 10);
        }

        Assert.Equal(800, harness.Api.TextCalls);
    }

    [Fact]
    public async Task CachedVerdict_IsReturnedAlreadyCompleted()
    {
        using var harness = new ContentSecurityHarness();
        await harness.Security.CheckTextAsync("hello");

        var pending = harness.Security.CheckTextAsync("hello");

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.True((await pending).FromCache);
    }

    [Fact]
    public async Task TooLongText_FailsThroughTheReturnedTask_NotByThrowing()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxTextLength = 10);

        var pending = harness.Security.CheckTextAsync(new string('x', 11));

        Assert.True(pending.IsFaulted);
        await Assert.ThrowsAsync<WeChatInvalidContentException>(pending.AsTask);
    }

    [Fact]
    public async Task FullCache_KeepsAVerdictInUseWhileNewOnesPassThrough()
    {
        using var harness = new ContentSecurityHarness(o => o.Cache.MaxEntries = 10);
        await harness.Security.CheckTextAsync("popular");

        for (var i = 0; i < 100; i++)
        {
            await harness.Security.CheckTextAsync($"once {i}");
            Assert.True((await harness.Security.CheckTextAsync("popular")).FromCache);
        }

        Assert.Equal(101, harness.Api.TextCalls);
    }

    [Fact]
    public async Task HundredConcurrentChecksOfOneText_OneCall()
    {
        using var harness = new ContentSecurityHarness();
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;

        var checks = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => harness.Security.CheckTextAsync("same text", User).AsTask()))
            .ToArray();
        await harness.Api.WaitForCallsAsync(1);
        gate.SetResult();
        var verdicts = await Task.WhenAll(checks);

        Assert.Equal(1, harness.Api.TextCalls);
        Assert.All(verdicts, v => Assert.Equal("trace-pass", v.TraceId));
    }

    [Fact]
    public async Task OneCallerCancels_OthersStillGetTheVerdictAndItIsCached()
    {
        using var harness = new ContentSecurityHarness();
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;
        using var leaving = new CancellationTokenSource();

        var leader = harness.Security.CheckTextAsync("hello", User, leaving.Token).AsTask();
        var follower = harness.Security.CheckTextAsync("hello", User).AsTask();
        await harness.Api.WaitForCallsAsync(1);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        Assert.False(follower.IsCompleted);
        gate.SetResult();

        Assert.True((await follower).IsPass);
        Assert.True((await harness.Security.CheckTextAsync("hello", User)).FromCache);
        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public async Task OnlyCallerCancels_CheckStillCompletesAndIsCached()
    {
        using var harness = new ContentSecurityHarness();
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;
        using var leaving = new CancellationTokenSource();

        var check = harness.Security.CheckTextAsync("hello", User, leaving.Token).AsTask();
        await harness.Api.WaitForCallsAsync(1);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
        gate.SetResult();
        harness.Api.Gate = null;

        var next = await harness.Security.CheckTextAsync("hello", User);
        Assert.Equal(1, harness.Api.TextCalls);
        Assert.True(next.IsPass);
    }

    [Fact]
    public async Task SharedCallFails_EveryWaiterSeesItAndTheNextCheckCallsAgain()
    {
        using var harness = new ContentSecurityHarness();
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;

        var first = harness.Security.CheckTextAsync("hello", User).AsTask();
        var second = harness.Security.CheckTextAsync("hello", User).AsTask();
        await harness.Api.WaitForCallsAsync(1);
        gate.SetException(new WeChatUnavailableException(WeChatUnavailableReason.TransientFailure, "down"));

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => first);
        await Assert.ThrowsAsync<WeChatUnavailableException>(() => second);
        harness.Api.Gate = null;
        Assert.False((await harness.Security.CheckTextAsync("hello", User)).FromCache);
        Assert.Equal(2, harness.Api.TextCalls);
    }

    [Fact]
    public async Task IdenticalChunksOfOneText_OneCall()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.ChunkOverlap = 0);
        var text = new string('a', 2500) + new string('a', 2500);

        await harness.Security.CheckTextAsync(text, User);

        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public async Task CacheLogs_HashNeverContent()
    {
        using var harness = new ContentSecurityHarness();
        const string content = "secret-content-do-not-log";

        await harness.Security.CheckTextAsync(content, User);
        await harness.Security.CheckTextAsync(content, User);

        var entries = harness.Logs.GetSnapshot();
        Assert.Contains(entries, e => e.Id.Name == "CacheMiss" && e.Level == LogLevel.Debug);
        Assert.Contains(entries, e => e.Id.Name == "CacheHit" && e.Level == LogLevel.Debug);
        var key = harness.Keys.ForText(content, 2, WeChatScene.Comment, User);
        Assert.Contains(entries, e => e.Message.Contains(key.Hash.ToString("x32", null), StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Message.Contains(content, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Message.Contains(ContentSecurityHarness.AppSecret, StringComparison.Ordinal));
    }
}
