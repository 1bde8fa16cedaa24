using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// The attributes and endpoint conventions in real applications, over the real client, token provider, resilience and
/// verdict cache, against the emulator: what a client of the application sees.
/// </summary>
public sealed class FilterEndToEndTests
{
    private const string Risky = WeChatEmulatorOptions.OfficialRiskyText1;
    private const string Fine = "今天天气很好，我们去公园散步吧。";
    private const string RejectedTitle = "One or more fields were rejected by WeChat's content-security check.";
    private const string UnprocessableType = "https://tools.ietf.org/html/rfc4918#section-11.2";

    public static TheoryData<string> CommentEndpoints => ["/api/comments", "/minimal/comments", "/mvc/json"];

    public static TheoryData<string> AvatarEndpoints => ["/api/avatar", "/minimal/avatar"];

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task RiskyComment_Is422KeyedComment_AndTheHandlerDoesNotRun(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", comment = "我想说：" + Risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Comment"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.DoesNotContain("published", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task FineComment_ReachesTheHandler(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", comment = Fine });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Fine, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, app.TextCalls);
    }

    // The handlers' parameter is named comment: "Comment" must name its property, not the whole argument, or the
    // article id would be sent to WeChat (and rejected when it happened to read as risky).
    [Theory]
    [InlineData("/api/comments")]
    [InlineData("/minimal/comments")]
    public async Task FieldNamedLikeTheParameterButCapitalised_ChecksOnlyThatProperty(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { articleId = Risky, title = "散步", comment = Fine });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = app.Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).Select(r => r.BodyText).ToList();
        Assert.Equal(2, sent.Count);
        Assert.DoesNotContain(sent, body => body.Contains(Risky, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControllerWithoutApiController_ChecksAFormPost()
    {
        await using var app = await IntegrationApp.StartAsync();
        using var risky = new FormUrlEncodedContent(new Dictionary<string, string> { ["ArticleId"] = "a1", ["Comment"] = Risky });
        using var fine = new FormUrlEncodedContent(new Dictionary<string, string> { ["ArticleId"] = "a1", ["Comment"] = Fine });

        using var rejected = await app.Client.PostAsync("/mvc/form", risky);
        using var published = await app.Client.PostAsync("/mvc/form", fine);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(["Comment"], await IntegrationApp.ErrorKeysAsync(rejected));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published: " + Fine, await published.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiController_InvalidModel_Is400_WithoutAWeChatCall()
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync("/api/comments", new { title = Fine, comment = Risky });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["ArticleId"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(0, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task Rejection_HasExactlyTheDocumentedBody(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.RejectionMessage = "换个说法吧。");

        using var response = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title = Fine, comment = Risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(
            ["errcode", "errors", "status", "title", "traceId", "type", "wechat"],
            problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(UnprocessableType, problem.GetProperty("type").GetString());
        Assert.Equal(RejectedTitle, problem.GetProperty("title").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal(87014, problem.GetProperty("errcode").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        var errors = problem.GetProperty("errors");
        Assert.Equal("换个说法吧。", Assert.Single(errors.GetProperty("Comment").EnumerateArray().ToList()).GetString());
        var wechat = Assert.Single(problem.GetProperty("wechat").EnumerateObject().ToList());
        Assert.Equal("Comment", wechat.Name);
        Assert.Equal("""{"suggest":"risky"}""", wechat.Value.GetRawText());
    }

    [Fact]
    public async Task EnsureTextAsync_Rejection_IsAnsweredByTheMiddleware()
    {
        await using var app = await IntegrationApp.StartAsync();

        using var rejected = await app.Client.PostAsJsonAsync("/minimal/ensure", new { comment = Risky });
        using var published = await app.Client.PostAsJsonAsync("/minimal/ensure", new { comment = Fine });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["comment"], await IntegrationApp.ErrorKeysAsync(rejected));
        Assert.Equal(87014, (await IntegrationApp.ReadJsonAsync(rejected)).GetProperty("errcode").GetInt32());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task WeChatDown_Is503WithRetryAfter_AfterTheRetries(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Resilience.MaxRetryAttempts = 1);
        app.Emulator.FailNext(WeChatEmulatorFault.ServerError(503), count: 2, WeChatEmulatorEndpoint.MsgSecCheck);

        using var response = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", comment = Fine });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("30", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.4", problem.GetProperty("type").GetString());
        Assert.Equal("The content-security check is unavailable.", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("errors", out _));
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task WeChatDown_FailureModeAllow_LetsTheContentThrough()
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.Resilience.MaxRetryAttempts = 1;
            o.FailureMode = WeChatFailureMode.Allow;
        });
        app.Emulator.FailNext(WeChatEmulatorFault.ServerError(502), count: 2, WeChatEmulatorEndpoint.MsgSecCheck);

        using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { comment = Fine });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task DailyQuotaSpent_Is503UntilChinaMidnight_AndShutsTheGate()
    {
        // 04:00 UTC is noon in China: twelve hours to go.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));
        await using var app = await IntegrationApp.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        app.Emulator.FailNext(WeChatEmulatorFault.Error(45009, "reach max api daily quota limit"), count: 1, WeChatEmulatorEndpoint.MsgSecCheck);

        using var first = await app.Client.PostAsJsonAsync("/api/comments", new { articleId = "a1", comment = Fine });
        using var second = await app.Client.PostAsJsonAsync("/api/comments", new { articleId = "a1", comment = "另一条评论" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal("43200", Assert.Single(first.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("43200", Assert.Single(second.Headers.GetValues("Retry-After")));
        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task WeChatDown_ThroughEnsure_Is503WithRetryAfter()
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Resilience.MaxRetryAttempts = 0);
        app.Emulator.FailNext(WeChatEmulatorFault.ServerError(500), count: 1, WeChatEmulatorEndpoint.MsgSecCheck);

        using var response = await app.Client.PostAsJsonAsync("/minimal/ensure", new { comment = Fine });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("30", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal(1, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task Images_RiskyIs422_SafePasses(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var risky = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "a.png", WeChatEmulator.RiskyTestImage.ToArray()));
        using var safe = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "b.png", WeChatEmulator.SafeTestImage.ToArray()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, risky.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(risky));
        Assert.Equal(87014, (await IntegrationApp.ReadJsonAsync(risky)).GetProperty("errcode").GetInt32());
        Assert.Equal(HttpStatusCode.OK, safe.StatusCode);
        Assert.Equal(2, app.ImageCalls);
    }

    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task Images_OverOneMegabyte_Is413_WithoutAWeChatCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "big.gif", TestImages.Gif(100, 100, (1024 * 1024) + 1), "image/gif"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(0, app.ImageCalls);
    }

    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task Images_TooManyPixels_Is413_WithoutAWeChatCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "wide.png", TestImages.Png(751, 10)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, app.ImageCalls);
    }

    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task Images_NotAnImage_Is415_WhateverTheClaimedType(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "a.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray()));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(0, app.ImageCalls);
    }

    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task Images_EmptyOrTruncated_Is400(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var empty = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "a.png", []));
        using var truncated = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "b.png", WeChatEmulator.SafeTestImage[..16].ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(empty));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(truncated));
        Assert.Equal(0, app.ImageCalls);
    }

    // One options source: after a reload the filters and Ensure… decide alike, on cached verdicts too.
    [Fact]
    public async Task ReviewAction_Reloaded_IsFollowedByTheFiltersAndEnsureAlike()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:ReviewAction"] = "Reject" })
            .Build();
        await using var app = await IntegrationApp.StartAsync(
            o =>
            {
                o.TextVersion = WeChatApiVersion.V2;
                o.OpenIdResolver = _ => IntegrationApp.OpenId;
            },
            emulator: e => e.ReviewTexts["可能有问题"] = 20012,
            services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var comment = new { title = Fine, comment = "这句话可能有问题吧" };

        using var filteredBefore = await app.Client.PostAsJsonAsync("/minimal/comments", comment);
        using var ensuredBefore = await app.Client.PostAsJsonAsync("/minimal/ensure-v2", comment);
        configuration["WeChatSecurity:ReviewAction"] = "Allow";
        configuration.Reload();
        using var filteredAfter = await app.Client.PostAsJsonAsync("/minimal/comments", comment);
        using var ensuredAfter = await app.Client.PostAsJsonAsync("/minimal/ensure-v2", comment);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, filteredBefore.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ensuredBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, filteredAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ensuredAfter.StatusCode);
    }

    // The default scene is resolved in one place: after a reload the filters and Ensure… send the same scene to WeChat.
    [Fact]
    public async Task DefaultScene_Reloaded_ReachesWeChatFromTheFiltersAndEnsureAlike()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:DefaultScene"] = "Comment" })
            .Build();
        await using var app = await IntegrationApp.StartAsync(
            o =>
            {
                o.TextVersion = WeChatApiVersion.V2;
                o.OpenIdResolver = _ => IntegrationApp.OpenId;
            },
            services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));

        using var filteredBefore = await app.Client.PostAsJsonAsync("/minimal/comments", new { title = "title before reload" });
        using var ensuredBefore = await app.Client.PostAsJsonAsync("/minimal/ensure-v2", new { comment = "comment before reload" });
        configuration["WeChatSecurity:DefaultScene"] = "Profile";
        configuration.Reload();
        using var filteredAfter = await app.Client.PostAsJsonAsync("/minimal/comments", new { title = "title after reload" });
        using var ensuredAfter = await app.Client.PostAsJsonAsync("/minimal/ensure-v2", new { comment = "comment after reload" });

        Assert.All([filteredBefore, ensuredBefore, filteredAfter, ensuredAfter], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("\"scene\":2", SentBody(app, "title before reload"), StringComparison.Ordinal);
        Assert.Contains("\"scene\":2", SentBody(app, "comment before reload"), StringComparison.Ordinal);
        Assert.Contains("\"scene\":1", SentBody(app, "title after reload"), StringComparison.Ordinal);
        Assert.Contains("\"scene\":1", SentBody(app, "comment after reload"), StringComparison.Ordinal);
    }

    // The image limits follow a reload as the text settings do, and are applied before the verdict cache: an image
    // accepted (its verdict cached) before MaxImageBytes was lowered is refused after it, without a call.
    [Theory]
    [MemberData(nameof(AvatarEndpoints))]
    public async Task MaxImageBytes_Reloaded_RefusesAnImageAcceptedBefore(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var app = await IntegrationApp.StartAsync(services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var image = WeChatEmulator.SafeTestImage.ToArray();

        using var before = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "a.png", image));
        configuration["WeChatSecurity:Images:MaxImageBytes"] = (image.Length - 1).ToString(CultureInfo.InvariantCulture);
        configuration.Reload();
        using var after = await app.Client.PostAsync(path, IntegrationApp.Upload("avatar", "a.png", image));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, after.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(after));
        Assert.Equal(1, app.ImageCalls);
    }

    // An image over the width is refused until a reload lets it through: by a larger limit, or by sending it anyway.
    [Theory]
    [InlineData("MaxImageWidth", "751")]
    [InlineData("OversizePolicy", "SendAnyway")]
    public async Task ImageLimitOrOversizePolicy_Reloaded_LetsAnImageRefusedBeforeThrough(string option, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        await using var app = await IntegrationApp.StartAsync(services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var wide = TestImages.Png(751, 10);

        using var before = await app.Client.PostAsync("/minimal/avatar", IntegrationApp.Upload("avatar", "wide.png", wide));
        configuration["WeChatSecurity:Images:" + option] = value;
        configuration.Reload();
        using var after = await app.Client.PostAsync("/minimal/avatar", IntegrationApp.Upload("avatar", "wide.png", wide));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, app.ImageCalls);
    }

    // A filter answers a text from memory by the key its check would use: after a reload of the scene or the version, a
    // verdict kept under the old ones does not answer for the same text, which WeChat is asked about again.
    [Theory]
    [InlineData("DefaultScene", "Comment", "Profile")]
    [InlineData("TextVersion", "V2", "V1")]
    public async Task VerdictInMemory_UnderTheSceneOrVersionBeforeAReload_DoesNotAnswerAfterIt(string option, string before, string after)
    {
        // v2 from the configuration, which a reload can change: the scene is part of v2 keys only.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:TextVersion"] = "V2", ["WeChatSecurity:" + option] = before })
            .Build();
        await using var app = await IntegrationApp.StartAsync(
            o => o.OpenIdResolver = _ => IntegrationApp.OpenId,
            services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var comment = new { title = "the same title on both sides of the reload" };

        using var first = await app.Client.PostAsJsonAsync("/minimal/comments", comment);
        using var fromMemory = await app.Client.PostAsJsonAsync("/minimal/comments", comment);
        var callsBefore = app.TextCalls;
        configuration["WeChatSecurity:" + option] = after;
        configuration.Reload();
        using var afterReload = await app.Client.PostAsJsonAsync("/minimal/comments", comment);
        using var afterReloadFromMemory = await app.Client.PostAsJsonAsync("/minimal/comments", comment);

        Assert.All([first, fromMemory, afterReload, afterReloadFromMemory], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, callsBefore);
        Assert.Equal(2, app.TextCalls);
    }

    [Theory]
    [InlineData(WeChatReviewAction.Reject, HttpStatusCode.UnprocessableEntity)]
    [InlineData(WeChatReviewAction.Allow, HttpStatusCode.OK)]
    public async Task ReviewVerdict_FollowsReviewAction(WeChatReviewAction action, HttpStatusCode expected)
    {
        await using var app = await IntegrationApp.StartAsync(
            o =>
            {
                o.TextVersion = WeChatApiVersion.V2;
                o.OpenIdResolver = _ => IntegrationApp.OpenId;
                o.ReviewAction = action;
            },
            emulator: e => e.ReviewTexts["可能有问题"] = 20012);

        using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { title = Fine, comment = "这句话可能有问题吧" });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(2, app.TextCalls);
        Assert.All(app.Emulator.Requests, r => Assert.Equal(0, r.ErrorCode));
        if (action == WeChatReviewAction.Reject)
        {
            var problem = await IntegrationApp.ReadJsonAsync(response);
            Assert.Equal(["Comment"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
            Assert.Equal("review", problem.GetProperty("suggest").GetString());
            Assert.Equal(20012, problem.GetProperty("label").GetInt32());
            Assert.Equal(87014, problem.GetProperty("errcode").GetInt32());
            var comment = problem.GetProperty("wechat").GetProperty("Comment");
            Assert.Equal("review", comment.GetProperty("suggest").GetString());
            Assert.Equal(20012, comment.GetProperty("label").GetInt32());
            Assert.False(string.IsNullOrEmpty(comment.GetProperty("traceId").GetString()));
        }
    }

    [Fact]
    public async Task V2RiskyVerdict_CarriesTheLabel_AndTheSceneReachesWeChat()
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = WeChatApiVersion.V2;
            o.OpenIdResolver = _ => IntegrationApp.OpenId;
        });

        using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { comment = Risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal("risky", problem.GetProperty("suggest").GetString());
        Assert.Equal(20001, problem.GetProperty("label").GetInt32());
        var request = Assert.Single(app.Emulator.Requests, r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck);
        Assert.Contains("\"scene\":3", request.BodyText, StringComparison.Ordinal);
        Assert.Contains(IntegrationApp.OpenId, request.BodyText, StringComparison.Ordinal);
    }

    private static string SentBody(IntegrationApp app, string text) =>
        Assert.Single(app.Emulator.Requests, r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck && r.BodyText.Contains(text, StringComparison.Ordinal)).BodyText;
}
