using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// How many calls reach WeChat when requests go through the filters of real applications: single-flight, duplicates
/// within a request, time to live, chunks of long text and the distributed level.
/// </summary>
public sealed class VerdictCacheEndToEndTests
{
    private const string Risky = WeChatEmulatorOptions.OfficialRiskyText1;

    [Fact]
    public async Task HundredConcurrentIdenticalRequests_MakeExactlyOneUpstreamCall()
    {
        await using var app = await IntegrationApp.StartAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.Task;
            using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { comment = "大家好，这是同一条评论。" });
            return response.StatusCode;
        }).ToArray();
        start.SetResult();
        var statuses = await Task.WhenAll(requests);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task HundredConcurrentIdenticalRiskyRequests_AreAllRejected_WithOneUpstreamCall()
    {
        await using var app = await IntegrationApp.StartAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.Task;
            using var response = await app.Client.PostAsJsonAsync("/api/comments", new { articleId = "a1", comment = Risky });
            return response.StatusCode;
        }).ToArray();
        start.SetResult();
        var statuses = await Task.WhenAll(requests);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.UnprocessableEntity, status));
        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task SameValueInTwoFields_OfOneRequest_IsCheckedOnce_AndBothAreRejected()
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync("/api/comments", new { articleId = "a1", title = Risky, comment = Risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Comment", "Title"], (await IntegrationApp.ErrorKeysAsync(response)).Order(StringComparer.Ordinal));
        Assert.Equal(1, app.TextCalls);
    }

    /// <summary>
    /// A filter with one value looks in memory before it starts a check: it must find exactly what the service's own
    /// check caches (the same version, scene and openid rule), and nothing cached under another version.
    /// </summary>
    [Fact]
    public async Task AVerdictTheServiceCached_AnswersAFilter_OnlyUnderTheSameVersionAndScene()
    {
        string? openId = null;
        await using var app = await IntegrationApp.StartAsync(o => o.OpenIdResolver = _ => openId);
        const string text = "这条评论先由服务检查过。";

        using (var ensured = await app.Client.PostAsJsonAsync("/minimal/ensure-v2", new { comment = text }))
        {
            Assert.Equal(HttpStatusCode.OK, ensured.StatusCode);
        }

        Assert.Equal(1, app.TextCalls);

        // v2 with an openid, in the default scene: the service's verdict.
        openId = IntegrationApp.OpenId;
        await PostJsonAsync(app, text, HttpStatusCode.OK);
        Assert.Equal(1, app.TextCalls);

        // No openid: v1, which that verdict does not answer; then v1's own verdict does.
        openId = null;
        await PostJsonAsync(app, text, HttpStatusCode.OK);
        await PostJsonAsync(app, text, HttpStatusCode.OK);
        Assert.Equal(2, app.TextCalls);
    }

    /// <summary>A filter with one value answers a verdict in memory itself: a rejection as the check would, counted once.</summary>
    [Theory]
    [InlineData("/mvc/json")]
    [InlineData("/minimal/comment")]
    public async Task ARiskyVerdictInMemory_IsRejectedAgain_AndCountedAsOneHit(string route)
    {
        await using var app = await IntegrationApp.StartAsync();
        var meters = app.App.Services.GetRequiredService<IMeterFactory>();
        using var hits = new MetricCollector<long>(meters, WeChatSecurityMetrics.MeterName, "wechat.security.cache.hits");
        using var checks = new MetricCollector<long>(meters, WeChatSecurityMetrics.MeterName, "wechat.security.checks");

        using (var first = await app.Client.PostAsJsonAsync(route, new { comment = Risky }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        }

        using var second = await app.Client.PostAsJsonAsync(route, new { comment = Risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal(["Comment"], await IntegrationApp.ErrorKeysAsync(second));
        Assert.Equal(1, app.TextCalls);
        hits.RecordObservableInstruments();
        checks.RecordObservableInstruments();
        Assert.Equal(1, hits.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, checks.GetMeasurementSnapshot().ContainsTags(new KeyValuePair<string, object?>("source", "cache")).Sum(m => m.Value));
    }

    [Theory]
    [InlineData("/mvc/json")]
    [InlineData("/minimal/comment")]
    public async Task APassingVerdictInMemory_RunsTheAction_WithoutAnotherCall(string route)
    {
        await using var app = await IntegrationApp.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            using var response = await app.Client.PostAsJsonAsync(route, new { comment = "今天天气不错，出去走走。" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("今天天气不错", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task PassVerdict_IsReused_UntilPassTtl_ThenWeChatIsAskedAgain()
    {
        var time = new FakeTimeProvider();
        await using var app = await IntegrationApp.StartAsync(
            o => o.Cache.PassTtl = TimeSpan.FromMinutes(10),
            services: s => s.AddSingleton<TimeProvider>(time));
        var comment = new { articleId = "a1", comment = "周末一起去爬山吗？" };

        await PostAsync(app, comment);
        await PostAsync(app, comment);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await PostAsync(app, comment);
        Assert.Equal(1, app.TextCalls);

        time.Advance(TimeSpan.FromSeconds(1));
        await PostAsync(app, comment);
        Assert.Equal(2, app.TextCalls);

        await PostAsync(app, comment);
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task RiskyVerdict_OutlivesPassTtl_UntilRiskyTtl()
    {
        var time = new FakeTimeProvider();
        await using var app = await IntegrationApp.StartAsync(
            o =>
            {
                o.Cache.PassTtl = TimeSpan.FromMinutes(10);
                o.Cache.RiskyTtl = TimeSpan.FromHours(2);
            },
            services: s => s.AddSingleton<TimeProvider>(time));
        var comment = new { articleId = "a1", comment = Risky };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(app, comment));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(app, comment));
        Assert.Equal(1, app.TextCalls);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(app, comment));
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task LongText_V2_RiskyPhraseAcrossAChunkBoundary_IsStillRejected()
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = WeChatApiVersion.V2;
            o.OpenIdResolver = _ => IntegrationApp.OpenId;
        });

        // No whitespace or punctuation, so the first chunk is cut hard at 2500 characters, through the phrase.
        var phraseStart = 2500 - (Risky.Length / 2);
        var text = new string('好', phraseStart) + Risky + new string('好', 1000);
        Assert.DoesNotContain(Risky, text[..2500], StringComparison.Ordinal);

        using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { comment = text });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Comment"], await IntegrationApp.ErrorKeysAsync(response));
        var checks = app.Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).ToList();
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.Equal(0, c.ErrorCode));
    }

    [Fact]
    public async Task LongText_V2_IsSplitUnderWeChatsLimit_AndPassesWhenClean()
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = WeChatApiVersion.V2;
            o.OpenIdResolver = _ => IntegrationApp.OpenId;
        });
        var text = string.Concat(Enumerable.Repeat("今天天气很好，我们去公园散步吧。", 400));

        using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { comment = text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(app.TextCalls >= 3, $"{text.Length} characters took {app.TextCalls} calls");
        Assert.All(app.Emulator.Requests, r => Assert.Equal(0, r.ErrorCode));
    }

    [Fact]
    public async Task DistributedCache_SecondApp_ReusesTheFirstAppsVerdict_WithoutCallingWeChat()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        await using var first = await IntegrationApp.StartAsync(
            services: s => s.AddSingleton<IDistributedCache>(shared),
            wechat: w => w.AddDistributedVerdictCache());
        await using var second = await IntegrationApp.StartAsync(
            services: s => s.AddSingleton<IDistributedCache>(shared),
            wechat: w => w.AddDistributedVerdictCache());
        var risky = new { articleId = "a1", comment = Risky };
        var fine = new { articleId = "a1", comment = "服务器之间共享的评论结果" };

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(first, risky));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(first, fine));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostAsync(second, risky));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(second, fine));

        Assert.NotSame(first.Emulator, second.Emulator);
        Assert.Equal(2, first.TextCalls);
        Assert.Equal(0, second.TextCalls);
    }

    [Fact]
    public async Task WithoutTheDistributedCache_EachAppAsksWeChat()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        await using var first = await IntegrationApp.StartAsync(services: s => s.AddSingleton<IDistributedCache>(shared));
        await using var second = await IntegrationApp.StartAsync(services: s => s.AddSingleton<IDistributedCache>(shared));
        var risky = new { articleId = "a1", comment = Risky };

        await PostAsync(first, risky);
        await PostAsync(second, risky);

        Assert.Equal(1, first.TextCalls);
        Assert.Equal(1, second.TextCalls);
    }

    private static async Task<HttpStatusCode> PostAsync(IntegrationApp app, object comment)
    {
        using var response = await app.Client.PostAsJsonAsync("/api/comments", comment);
        return response.StatusCode;
    }

    private static async Task PostJsonAsync(IntegrationApp app, string comment, HttpStatusCode expected)
    {
        using var response = await app.Client.PostAsJsonAsync("/mvc/json", new { comment });
        Assert.Equal(expected, response.StatusCode);
    }
}
