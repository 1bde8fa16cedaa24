using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tests.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Resilience;

public sealed class QuotaGateTests
{
    [Theory]
    [InlineData(44991)]
    [InlineData(45011)]
    public async Task MinuteLimit_ShutsTheGateUntilTheNextMinute(int errorCode)
    {
        await using var harness = new ClientHarness();
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 4, 0, 20, TimeSpan.Zero));
        var limitHit = true;
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : limitHit ? $$"""{"errcode":{{errorCode}},"errmsg":"freq limit"}""" : """{"errcode":0}"""));

        var first = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        Assert.Equal(WeChatUnavailableReason.MinuteQuotaExceeded, first.Reason);
        Assert.Equal(TimeSpan.FromSeconds(40), first.RetryAfter);
        var shut = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "QuotaGateShut");
        Assert.Equal((103, LogLevel.Warning), (shut.Id.Id, shut.Level));
        Assert.Contains(errorCode.ToString(CultureInfo.InvariantCulture), shut.Message, StringComparison.Ordinal);

        limitHit = false;
        harness.Time.Advance(TimeSpan.FromSeconds(39));
        var gated = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        Assert.Equal(WeChatUnavailableReason.MinuteQuotaExceeded, gated.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), gated.RetryAfter);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));

        // Images have their own quota and are not held back by the text gate.
        await harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WeChatSuggestion.Pass, (await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default)).Suggestion);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Fact]
    public async Task DailyQuota_ShutsTheGateUntilMidnightChinaStandardTime()
    {
        await using var harness = new ClientHarness();

        // 15:30 UTC is 23:30 in Beijing: the quota resets 30 minutes later.
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 15, 30, 0, TimeSpan.Zero));
        var spent = true;
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : spent ? """{"errcode":45009,"errmsg":"reach max api daily quota limit"}""" : """{"errcode":0}"""));

        var first = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default));
        Assert.Equal(WeChatUnavailableReason.DailyQuotaExceeded, first.Reason);
        Assert.Equal(TimeSpan.FromMinutes(30), first.RetryAfter);

        spent = false;
        harness.Time.Advance(TimeSpan.FromMinutes(29));
        var gated = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default));
        Assert.Equal(WeChatUnavailableReason.DailyQuotaExceeded, gated.Reason);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.ImgSecCheckPath));

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.ImgSecCheckPath));
    }

    [Fact]
    public async Task ClientSideLimiter_RefusesBeyondTheWait_WithoutCallingUpstream()
    {
        await using var harness = new ClientHarness(o =>
        {
            o.Resilience.TextChecksPerMinute = 3;
            o.Resilience.MaxLimiterWait = TimeSpan.FromSeconds(5);
        });

        for (var i = 0; i < 3; i++)
        {
            await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
            harness.Time.Advance(TimeSpan.FromSeconds(10));
        }

        // The window is full until the first call is a minute old (30 s from now): longer than the 5 s allowed.
        var refused = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        Assert.Equal(WeChatUnavailableReason.RateLimited, refused.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
        Assert.Equal(3, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
        var logged = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "LimiterRefused");
        Assert.Equal((104, LogLevel.Warning), (logged.Id.Id, logged.Level));

        // 27 s later the wait is 3 s: the call waits for its slot instead of failing.
        harness.Time.Advance(TimeSpan.FromSeconds(27));
        var waiting = harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.False(waiting.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        await waiting;
        Assert.Equal(4, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Fact]
    public async Task Retries_TakeLimiterPermitsToo()
    {
        await using var harness = new ClientHarness(o =>
        {
            o.Resilience.TextChecksPerMinute = 2;
            o.Resilience.MaxRetryAttempts = 3;
            o.Resilience.MaxLimiterWait = TimeSpan.Zero;
        });
        harness.Handler.Responder = r => Task.FromResult(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""")
            : FakeWeChatHandler.Json("""{"errcode":-1,"errmsg":"system busy"}"""));

        var refused = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        // Two permits a minute: the first attempt and one retry go upstream, the second retry is refused by the limiter.
        Assert.Equal(WeChatUnavailableReason.RateLimited, refused.Reason);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }
}
