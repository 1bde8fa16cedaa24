using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommentsApi.Tests;

/// <summary>The sample as a user runs it (no credentials, so on the emulator), driven over HTTP.</summary>
public sealed class CommentsApiTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private const string OrdinaryText = "这篇文章写得很好，谢谢分享！";

    private static readonly string[] OrdinaryTags = ["读书", "周末"];

    public static TheoryData<string> RiskyTexts => [WeChatEmulatorOptions.OfficialRiskyText1, WeChatEmulatorOptions.OfficialRiskyText2];

    private WeChatEmulator Emulator => factory.Services.GetRequiredService<WeChatEmulator>();

    [Theory]
    [MemberData(nameof(RiskyTexts))]
    public async Task Comments_RiskyComment_Is422KeyedComment(string risky)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/comments", Comment(risky, "小明"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Comment"], await ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(RiskyTexts))]
    public async Task Comments_RiskyNickname_Is422KeyedAuthorNickname(string risky)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/comments", Comment(OrdinaryText, risky));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Author.Nickname"], await ErrorKeysAsync(response));
    }

    [Fact]
    public async Task Comments_OrdinaryChineseText_Passes_AndIsEchoed()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/comments", Comment(OrdinaryText, "小明"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("article-1", body.GetProperty("articleId").GetString());
        Assert.Equal(OrdinaryText, body.GetProperty("comment").GetString());
        Assert.Equal("小明", body.GetProperty("nickname").GetString());
        Assert.True(body.GetProperty("published").GetBoolean());
    }

    [Fact]
    public async Task Comments_Rejection_HasTheDocumentedProblemShape()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/comments", Comment(WeChatEmulatorOptions.OfficialRiskyText1, "小明"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal("https://tools.ietf.org/html/rfc4918#section-11.2", problem.GetProperty("type").GetString());
        Assert.Equal("One or more fields were rejected by WeChat's content-security check.", problem.GetProperty("title").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal(87014, problem.GetProperty("errcode").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        var messages = problem.GetProperty("errors").GetProperty("Comment");
        Assert.Equal("This content can't be published. Please change it and try again.", Assert.Single(messages.EnumerateArray().ToList()).GetString());
        Assert.Equal("risky", problem.GetProperty("wechat").GetProperty("Comment").GetProperty("suggest").GetString());
    }

    [Fact]
    public async Task Comments_OnlyTheCommentAndTheNickname_AreSentToWeChat()
    {
        using var client = factory.CreateClient();
        var before = Emulator.Requests.Count;

        using var response = await client.PostAsJsonAsync("/api/comments", new { articleId = "article-id-never-sent", comment = "一条新的评论，只检查一次", author = new { nickname = "新来的小李" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Emulator.Requests.Skip(before).Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).Select(r => r.BodyText).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, body => body.Contains("一条新的评论，只检查一次", StringComparison.Ordinal));
        Assert.Contains(sent, body => body.Contains("新来的小李", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, body => body.Contains("article-id-never-sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comments_MissingArticleId_Is400_WithoutAWeChatCall()
    {
        using var client = factory.CreateClient();
        var before = Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);

        using var response = await client.PostAsJsonAsync("/api/comments", new { comment = "一条从未检查过的评论：缺少文章编号", author = new { nickname = "小红" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ArticleId", await ErrorKeysAsync(response));
        Assert.Equal(before, Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Theory]
    [MemberData(nameof(RiskyTexts))]
    public async Task Posts_RiskyTitleOrBody_Is422KeyedByTheField(string risky)
    {
        using var client = factory.CreateClient();

        using var title = await client.PostAsJsonAsync("/api/posts", new { title = risky, body = OrdinaryText });
        using var body = await client.PostAsJsonAsync("/api/posts", new { title = "周末读书会", body = "前言。" + risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, title.StatusCode);
        Assert.Equal(["Title"], await ErrorKeysAsync(title));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, body.StatusCode);
        Assert.Equal(["Body"], await ErrorKeysAsync(body));
    }

    [Fact]
    public async Task Posts_Rejection_IsProblemJsonWithErrcodeAndTraceId()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/posts", new { title = WeChatEmulatorOptions.OfficialRiskyText2, body = OrdinaryText });

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal("https://tools.ietf.org/html/rfc4918#section-11.2", problem.GetProperty("type").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal(87014, problem.GetProperty("errcode").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Posts_OrdinaryText_Passes()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/posts", new { title = "周末读书会", body = OrdinaryText, tags = OrdinaryTags });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("周末读书会", body.GetProperty("title").GetString());
        Assert.True(body.GetProperty("published").GetBoolean());
    }

    [Fact]
    public async Task Posts_RiskyTag_Is422KeyedByItsIndex()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/posts", new { title = "周末读书会", body = OrdinaryText, tags = new[] { "读书", WeChatEmulatorOptions.OfficialRiskyText1 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Tags[1]"], await ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(RiskyTexts))]
    public async Task Signature_Risky_Is422KeyedSignature_FromTheMiddleware(string risky)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signature", new { signature = risky });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["signature"], await ErrorKeysAsync(response));
        Assert.Equal(87014, (await ReadJsonAsync(response)).GetProperty("errcode").GetInt32());
    }

    // A careless client's body: EnsureTextAsync was handed null and threw ArgumentNullException, a 500.
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"signature":null}""")]
    public async Task Signature_Missing_Is400KeyedSignature_WithoutAWeChatCall(string json)
    {
        using var client = factory.CreateClient();
        var before = Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);

        using var response = await client.PostAsync("/api/signature", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["signature"], await ErrorKeysAsync(response));
        Assert.Equal(before, Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Fact]
    public async Task Signature_OrdinaryText_IsSaved()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signature", new { signature = "热爱生活，热爱阅读。" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("热爱生活，热爱阅读。", body.GetProperty("signature").GetString());
        Assert.True(body.GetProperty("saved").GetBoolean());
    }

    [Fact]
    public async Task Avatar_TheEmulatorsRiskyImage_Is422KeyedByTheFormField()
    {
        using var client = factory.CreateClient();
        var risky = await client.GetByteArrayAsync("/emulator/risky-image.png");

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "me.png", risky));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["avatar"], await ErrorKeysAsync(response));
        Assert.Equal(WeChatEmulator.RiskyTestImage.ToArray(), risky);
    }

    [Fact]
    public async Task Avatar_TheSafeImage_IsAccepted()
    {
        using var client = factory.CreateClient();
        var safe = WeChatEmulator.SafeTestImage.ToArray();

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "me.png", safe));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("me.png", body.GetProperty("fileName").GetString());
        Assert.Equal(safe.Length, body.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Avatar_ATextFile_Is415_WithoutAWeChatCall()
    {
        using var client = factory.CreateClient();
        var before = Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck);

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "notes.txt", "just some notes"u8.ToArray(), "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(["avatar"], await ErrorKeysAsync(response));
        Assert.Equal(before, Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck));
    }

    [Fact]
    public async Task Avatar_AnEmptyFile_Is400()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "empty.png", []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["avatar"], await ErrorKeysAsync(response));
        Assert.Equal("The image is empty.", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Avatar_AFiveMegabytePhonePhoto_IsCheckedAsACopyWithinWeChatsLimits_AndTheActionGetsTheOriginal()
    {
        using var client = factory.CreateClient();
        var photo = PhonePhotos.TwelveMegapixels();
        Assert.InRange(photo.Length, 4_000_000, 7_000_000);
        var before = Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck);

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "IMG_0001.jpg", photo, "image/jpeg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(photo.Length, (await ReadJsonAsync(response)).GetProperty("length").GetInt64());
        Assert.Equal(before + 1, Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck));
        var sent = Emulator.Requests.Last(request => request.Endpoint == WeChatEmulatorEndpoint.ImgSecCheck).PartContent;
        Assert.InRange(sent.Length, 1, 1024 * 1024);
        using var copy = SkiaSharp.SKBitmap.Decode(sent.Span);
        Assert.Equal((750, 563), (copy.Width, copy.Height));
    }

    [Fact]
    public async Task Avatar_OverTenMegabytes_Is413_WithoutAWeChatCall()
    {
        using var client = factory.CreateClient();
        var before = Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck);

        using var response = await client.PostAsync("/api/profile/avatar", SampleImages.Upload("avatar", "big.png", PngHeaders.Create(4000, 3000, (10 * 1024 * 1024) + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(["avatar"], await ErrorKeysAsync(response));
        Assert.Equal(before, Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck));
    }

    [Fact]
    public async Task StaticPage_IsServedAtTheRoot_WithTheForms()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<form id=\"comment-form\">", html, StringComparison.Ordinal);
        Assert.Contains("<form id=\"avatar-form\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Comment\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Author.Nickname\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"avatar\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_IsHealthy()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/emulator/risky-image.png")]
    [InlineData("/emulator/safe-image.png")]
    public async Task EmulatorTestImages_AnswerHead_AsThePageAsksForThem(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ThePage_NamesAFaviconThatExists()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync("/");
        using var icon = await client.GetAsync("/favicon.svg");

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    private static object Comment(string comment, string nickname) =>
        new { articleId = "article-1", comment, author = new { nickname } };

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task<string[]> ErrorKeysAsync(HttpResponseMessage response)
    {
        var problem = await ReadJsonAsync(response);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }
}
