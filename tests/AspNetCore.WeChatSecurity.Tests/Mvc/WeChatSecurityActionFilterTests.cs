using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Mvc;

public sealed class WeChatSecurityActionFilterTests
{
    [Fact]
    public async Task RiskyStringParameter_Returns422ProblemKeyedByParameter()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=so%20RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(422, body.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc4918#section-11.2", body.GetProperty("type").GetString());
        Assert.Equal("One or more fields were rejected by WeChat's content-security check.", body.GetProperty("title").GetString());
        var errors = body.GetProperty("errors");
        Assert.Equal(["comment"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("The content was rejected by WeChat's content-security check.", errors.GetProperty("comment")[0].GetString());
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
        Assert.False(body.TryGetProperty("suggest", out _));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        Assert.Equal("risky", body.GetProperty("wechat").GetProperty("comment").GetProperty("suggest").GetString());
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task PassingContent_RunsTheAction()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=hello", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("published", await response.Content.ReadAsStringAsync());
        Assert.Equal("hello", Assert.Single(host.Security.TextChecks).Text);
    }

    [Fact]
    public async Task ActionWithoutChecks_NeverCallsWeChat()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/unchecked?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Security.TextChecks);
    }

    [Fact]
    public async Task V2Verdict_AddsSuggestLabelAndPerFieldDetail()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/dto", new { Title = "fine", Comment = "V2RISKY words" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Comment"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
        Assert.Equal("risky", body.GetProperty("suggest").GetString());
        Assert.Equal(20001, body.GetProperty("label").GetInt32());
        var detail = body.GetProperty("wechat").GetProperty("Comment");
        Assert.Equal(20001, detail.GetProperty("label").GetInt32());
        Assert.Equal("wx-trace-risky", detail.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task NestedPropertyPath_IsKeyedByPath()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/nested", new { Title = "RISKY title is not checked here", Author = new { Nickname = "RISKY nick" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Author.Nickname"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("RISKY nick", Assert.Single(host.Security.TextChecks).Text);
    }

    [Fact]
    public async Task ListOfStrings_IsKeyedByIndex()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/tags", new { Title = "t", Tags = new List<string> { "fine", "RISKY tag", "also fine" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Tags[1]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, host.Security.TextChecks.Count);
    }

    [Fact]
    public async Task NoFieldName_ChecksEveryBoundStringIncludingNestedOnes()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync(
            "/api/posts/all?note=RISKY%20note",
            new { Title = "RISKY title", Comment = "fine", Author = new { Nickname = "RISKY nick" }, Tags = new List<string> { "RISKY tag" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(
            ["Author.Nickname", "Tags[0]", "Title", "note"],
            body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, host.Security.TextChecks.Count);
    }

    [Fact]
    public async Task InvalidModelUnderApiController_Returns400WithoutAnyCheck()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/dto", new { Comment = "RISKY but Title is missing" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty("Title", out _));
        Assert.Empty(host.Security.TextChecks);
    }

    [Fact]
    public async Task SameValueInTwoFields_IsCheckedOnce()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/same", new { Title = "RISKY twice", Comment = "RISKY twice" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Single(host.Security.TextChecks);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Comment", "Title"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DistinctValues_AreCheckedConcurrently()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        host.Security.RequireConcurrentCalls(2);
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/posts/same", new { Title = "one", Comment = "two" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, host.Security.TextChecks.Count);
    }

    [Fact]
    public async Task OpenIdClaim_IsPassedWithTheAttributesScene()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/posts/forum?comment=hello");
        request.Headers.Add(FilterTestHost.OpenIdHeader, "o-user-1");

        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var context = Assert.Single(host.Security.TextChecks).Context;
        Assert.NotNull(context);
        Assert.Equal("o-user-1", context.OpenId);
        Assert.Equal(WeChatScene.Forum, context.Scene);
    }

    // The library's own service never sends an openid under V1, so the runner does not look one up for it; a service the
    // application put in its place still gets the openid, as it did before.
    [Fact]
    public async Task UnderTextVersionV1_AReplacedServiceStillGetsTheOpenId()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)], Options = o => o.TextVersion = WeChatApiVersion.V1 };
        await using var app = await host.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/posts/forum?comment=hello");
        request.Headers.Add(FilterTestHost.OpenIdHeader, "o-user-1");

        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("o-user-1", Assert.Single(host.Security.TextChecks).Context?.OpenId);
    }

    [Fact]
    public async Task NoClaim_UsesTheResolver_AndLeavesTheDefaultSceneToTheService()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(PostsController)],
            Options = o =>
            {
                o.OpenIdResolver = http => http.Request.Headers["X-Resolved"].ToString();
                o.DefaultScene = WeChatScene.Profile;
            },
        };
        await using var app = await host.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/posts/comment?comment=hello");
        request.Headers.Add("X-Resolved", "o-from-resolver");

        using var response = await app.GetTestClient().SendAsync(request);

        var context = Assert.Single(host.Security.TextChecks).Context;
        Assert.Equal("o-from-resolver", context?.OpenId);
        Assert.Null(context?.Scene);
    }

    // One builder: the application's CustomizeProblemDetails sees the finished body, our extensions included, in MVC
    // as in minimal APIs.
    [Fact]
    public async Task CustomizeProblemDetails_SeesTheFinishedBody_InMvcAndMinimalApisAlike()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(PostsController)],
            Services = s => s.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
                context.ProblemDetails.Extensions["sawErrcode"] = context.ProblemDetails.Extensions.ContainsKey("errcode")),
            Map = app => app.MapPost("/minimal", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment"),
        };
        await using var app = await host.StartAsync();

        using var mvc = await app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null);
        using var minimal = await app.GetTestClient().PostAsync("/minimal?comment=RISKY", null);

        foreach (var response in new[] { mvc, minimal })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var body = await FilterTestHost.ReadJsonAsync(response);
            Assert.True(body.GetProperty("sawErrcode").GetBoolean());
            Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
            Assert.Equal("comment", Assert.Single(body.GetProperty("errors").EnumerateObject()).Name);
            Assert.True(body.TryGetProperty("traceId", out _));
        }
    }

    [Theory]
    [InlineData(WeChatReviewAction.Reject, HttpStatusCode.UnprocessableEntity)]
    [InlineData(WeChatReviewAction.Allow, HttpStatusCode.OK)]
    public async Task ReviewVerdict_FollowsReviewAction(WeChatReviewAction action, HttpStatusCode expected)
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)], Options = o => o.ReviewAction = action };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=REVIEW%20me", null);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.UnprocessableEntity)
        {
            var body = await FilterTestHost.ReadJsonAsync(response);
            Assert.Equal("review", body.GetProperty("suggest").GetString());
            Assert.Equal(10001, body.GetProperty("label").GetInt32());
            Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
        }
    }

    [Fact]
    public async Task WeChatUnavailable_Returns503WithRetryAfterAndNoInternals()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        host.Security.TextException = new WeChatUnavailableException(WeChatUnavailableReason.MinuteQuotaExceeded, "quota (internal detail)", TimeSpan.FromSeconds(41.2));
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=hello", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("42", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(503, body.GetProperty("status").GetInt32());
        Assert.Contains("try again in 42 seconds", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeChatUnavailableWithoutRetryAfter_SendsTheDefault()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        host.Security.TextException = new WeChatUnavailableException(WeChatUnavailableReason.CircuitOpen, "open");
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=hello", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("30", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task FailureModeAllow_RunsTheActionLogsAndCounts()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)], Options = o => o.FailureMode = WeChatFailureMode.Allow };
        host.Security.TextException = new WeChatUnavailableException(WeChatUnavailableReason.DailyQuotaExceeded, "quota");
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recorder = app.Services.GetRequiredService<WeChatFailOpenRecorder>();
        Assert.Equal(1, recorder.Count);
        Assert.Equal(1, recorder.CountFor(WeChatUnavailableReason.DailyQuotaExceeded));
        Assert.Contains(host.Logs.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Id.Name == nameof(WeChatCheckLog.UnavailableAllowed));
    }

    // A request the library could not form is the application's error, not WeChat's outage: FailureMode does not apply.
    [Theory]
    [InlineData(WeChatFailureMode.Block)]
    [InlineData(WeChatFailureMode.Allow)]
    public async Task AskedWrongly_Is503WithoutRetryAfter_AndNeverPasses_WhateverTheFailureMode(WeChatFailureMode mode)
    {
        Exception[] failures =
        [
            new WeChatApiException("msg_sec_check", 40003, "invalid openid"),
            new WeChatApiException("stable_token", 40125, "invalid appsecret"),
            new InvalidOperationException("WeChat's text check v2 needs the publishing user's openid."),
        ];
        foreach (var failure in failures)
        {
            var host = new FilterTestHost { Controllers = [typeof(PostsController)], Options = o => o.FailureMode = mode };
            host.Security.TextException = failure;
            await using var app = await host.StartAsync();

            using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.False(response.Headers.Contains("Retry-After"));
            Assert.DoesNotContain("published", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, app.Services.GetRequiredService<WeChatFailOpenRecorder>().Count);
            Assert.Contains(host.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Exception == failure);
            Assert.DoesNotContain(host.Logs.GetSnapshot(), e => e.Id.Name == nameof(WeChatCheckLog.UnavailableAllowed));
        }
    }

    [Fact]
    public async Task UnexpectedCheckerException_IsUnavailableAndLoggedAsError()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        host.Security.TextException = new WeChatApiException("msg_sec_check", 40003, "invalid openid");
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=hello", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("40003", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Exception is WeChatApiException);
    }

    [Fact]
    public async Task TextOverTheLimit_Returns413KeyedByField()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=TOOLONG", null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("The text is longer than 100000 characters.", body.GetProperty("detail").GetString());
        Assert.Equal("The text is longer than 100000 characters.", body.GetProperty("errors").GetProperty("comment")[0].GetString());
    }

    [Fact]
    public async Task AppProblemDetailsCustomisation_Applies()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(PostsController)],
            Services = s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customised"),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null);

        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("customised", body.GetProperty("app").GetString());
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task ControllersAddedBeforeTheLibrary_StillRunTheFilter()
    {
        var host = new FilterTestHost { Controllers = [typeof(PostsController)], ControllersFirst = true };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task ControllerLevelCheck_AppliesToEveryAction()
    {
        var host = new FilterTestHost { Controllers = [typeof(ProfileController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/profile", new { Nickname = "fine", Bio = "RISKY bio" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Bio"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SkipAttribute_RemovesControllerLevelChecks()
    {
        var host = new FilterTestHost { Controllers = [typeof(ProfileController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/profile/unchecked", new { Nickname = "RISKY", Bio = "RISKY bio" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Security.TextChecks);
    }

    [Fact]
    public async Task SkipAttribute_KeepsTheActionsOwnChecks()
    {
        var host = new FilterTestHost { Controllers = [typeof(ProfileController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/api/profile/bio", new { Nickname = "RISKY nick", Bio = "RISKY bio" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Bio"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("RISKY bio", Assert.Single(host.Security.TextChecks).Text);
    }

    [Fact]
    public async Task FormFileParameter_IsKeyedByItsFormName()
    {
        var host = new FilterTestHost { Controllers = [typeof(UploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/uploads/avatar", FilterTestHost.Files(("avatar", "a.png", "PNG RISKY")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["avatar"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
    }

    [Theory]
    [InlineData("BIG image", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("TXT file", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task InvalidImage_MapsToItsStatus(string content, HttpStatusCode expected)
    {
        var host = new FilterTestHost { Controllers = [typeof(UploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/api/uploads/avatar", FilterTestHost.Files(("avatar", "a.png", content)));

        Assert.Equal(expected, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        Assert.True(body.GetProperty("errors").TryGetProperty("avatar", out _));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task FormFileCollection_IsKeyedByFormNameAndIndex()
    {
        var host = new FilterTestHost { Controllers = [typeof(UploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync(
            "/api/uploads/collection",
            FilterTestHost.Files(("files", "c.png", "fine"), ("files", "b.png", "RISKY")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["files[1]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, host.Security.ImageChecks.Count);
    }

    [Fact]
    public async Task ListOfFormFiles_IsKeyedByIndex()
    {
        var host = new FilterTestHost { Controllers = [typeof(UploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync(
            "/api/uploads/list",
            FilterTestHost.Files(("photos", "1.png", "fine"), ("photos", "2.png", "RISKY")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["photos[1]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task FormFileInsideFromFormDto_IsKeyedByProperty()
    {
        var host = new FilterTestHost { Controllers = [typeof(UploadsController)] };
        await using var app = await host.StartAsync();
        using var form = FilterTestHost.Files(("Avatar", "a.png", "RISKY"));
        form.Add(new StringContent("nick"), "Nickname");

        using var response = await app.GetTestClient().PostAsync("/api/uploads/form", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Avatar"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("Comment", "Comment")]
    [InlineData("post.Comment", "post.Comment")]
    public async Task ControllerWithoutApiController_KeysFormValuesAsBound(string formField, string expectedKey)
    {
        var host = new FilterTestHost { Controllers = [typeof(PlainController)] };
        await using var app = await host.StartAsync();
        using var form = new FormUrlEncodedContent([new(formField, "RISKY")]);

        using var response = await app.GetTestClient().PostAsync("/plain/post", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal([expectedKey], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ExplicitBinderName_IsTheKey()
    {
        var host = new FilterTestHost { Controllers = [typeof(NamesController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/names/query?c=RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["c"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task JsonValidationNames_AreHonouredWhenTheAppConfiguresThem()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(NamesController)],
            Services = s => s.Configure<MvcOptions>(o => o.ModelMetadataDetailsProviders.Add(new Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.SystemTextJsonValidationMetadataProvider())),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/names/json", new Dictionary<string, object> { ["post_title"] = "RISKY", ["author"] = new { nick_name = "RISKY nick" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["author.nick_name", "post_title"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnknownFieldName_FailsAtStartupNamingActionAndField()
    {
        var host = new FilterTestHost { Controllers = [typeof(MisspelledController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MsgSecCheck(\"Titel\")]", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MisspelledController) + "." + nameof(MisspelledController.Create), error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"Title\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: Title, Comment, Author.Nickname, Tags.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageCheckOnAStringField_FailsAtStartup()
    {
        var host = new FilterTestHost { Controllers = [typeof(WrongKindController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[ImgSecCheck(\"comment\")]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControllerLevelNameMatchingNoAction_FailsAtStartupNamingTheController()
    {
        var host = new FilterTestHost { Controllers = [typeof(ControllerLevelMisspelledController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MsgSecCheck(\"Nope\")]", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ControllerLevelMisspelledController), error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Type, string> UnreadParameters => new()
    {
        { typeof(UnreadFormController), "form (IFormCollection)" },
        { typeof(UnreadStreamController), "body (Stream)" },
        { typeof(UnreadPipeController), "body (PipeReader)" },
        { typeof(UnreadXElementController), "body (XElement)" },
        { typeof(UnreadXmlDocumentController), "body (XmlDocument)" },
    };

    // Without a field name a check reads every bound string; a form or a body the action reads itself would pass
    // unchecked. JSON kept as it came is checked, so the message no longer names it.
    [Theory]
    [MemberData(nameof(UnreadParameters))]
    public async Task CheckWithoutAField_BesideAParameterItCannotRead_FailsAtStartupNamingTheParameter(Type controller, string parameter)
    {
        var host = new FilterTestHost { Controllers = [controller] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MsgSecCheck] on action", error.Message, StringComparison.Ordinal);
        Assert.Contains(controller.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot check {parameter}:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonElement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckWithoutAField_OnAnActionWithNothingToCheck_FailsAtStartup()
    {
        var host = new FilterTestHost { Controllers = [typeof(NothingToCheckController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MsgSecCheck] on action", error.Message, StringComparison.Ordinal);
        Assert.Contains("finds no parameter that can hold text", error.Message, StringComparison.Ordinal);
        Assert.Contains("id (Int32)", error.Message, StringComparison.Ordinal);
    }

    // A controller-level check reaches every action but a skipped one: an unreadable form there is the application's
    // choice, and the other actions are still checked.
    [Fact]
    public async Task ControllerLevelCheck_SkippedOnAFormItCannotRead_StartsAndChecksTheOtherActions()
    {
        var host = new FilterTestHost { Controllers = [typeof(ControllerLevelUnreadController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/unread-skipped/text?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    public sealed class PostDto
    {
        [Required]
        public string? Title { get; set; }

        public string? Comment { get; set; }

        public AuthorDto? Author { get; set; }

        public List<string>? Tags { get; set; }

        public int Likes { get; set; }
    }

    public sealed class AuthorDto
    {
        public string? Nickname { get; set; }
    }

    public sealed class ProfileDto
    {
        public string? Nickname { get; set; }

        public string? Bio { get; set; }
    }

    public sealed class ProfileForm
    {
        public string? Nickname { get; set; }

        public IFormFile? Avatar { get; set; }
    }

    [ApiController]
    [Route("api/posts")]
    public sealed class PostsController : ControllerBase
    {
        [HttpPost("comment")]
        [MsgSecCheck("comment")]
        public IActionResult Comment([FromQuery] string comment) => Ok("published");

        [HttpPost("forum")]
        [MsgSecCheck("comment", Scene = WeChatScene.Forum)]
        public IActionResult Forum([FromQuery] string comment) => Ok("published");

        [HttpPost("unchecked")]
        public IActionResult Unchecked([FromQuery] string comment) => Ok("published");

        [HttpPost("dto")]
        [MsgSecCheck("Comment")]
        public IActionResult Create(PostDto post) => Ok("published");

        [HttpPost("nested")]
        [MsgSecCheck("Author.Nickname")]
        public IActionResult Nested(PostDto post) => Ok("published");

        [HttpPost("tags")]
        [MsgSecCheck("Tags")]
        public IActionResult Tags(PostDto post) => Ok("published");

        [HttpPost("all")]
        [MsgSecCheck]
        public IActionResult All(PostDto post, [FromQuery] string? note, CancellationToken cancellationToken) => Ok("published");

        [HttpPost("same")]
        [MsgSecCheck("Title")]
        [MsgSecCheck("Comment")]
        public IActionResult Same(PostDto post) => Ok("published");
    }

    [ApiController]
    [Route("api/profile")]
    [MsgSecCheck]
    public sealed class ProfileController : ControllerBase
    {
        [HttpPost]
        public IActionResult Update(ProfileDto profile) => Ok();

        [HttpPost("unchecked")]
        [SkipWeChatSecurityCheck]
        public IActionResult Unchecked(ProfileDto profile) => Ok();

        [HttpPost("bio")]
        [SkipWeChatSecurityCheck]
        [MsgSecCheck("Bio")]
        public IActionResult OnlyBio(ProfileDto profile) => Ok();
    }

    [ApiController]
    [Route("api/uploads")]
    public sealed class UploadsController : ControllerBase
    {
        [HttpPost("avatar")]
        [ImgSecCheck("avatar")]
        public IActionResult Avatar(IFormFile avatar) => Ok();

        [HttpPost("collection")]
        [ImgSecCheck]
        public IActionResult Collection(IFormFileCollection files) => Ok();

        [HttpPost("list")]
        [ImgSecCheck("photos")]
        public IActionResult List(List<IFormFile> photos) => Ok();

        [HttpPost("form")]
        [ImgSecCheck("Avatar")]
        public IActionResult Form([FromForm] ProfileForm profile) => Ok();
    }

    [Route("plain")]
    public sealed class PlainController : ControllerBase
    {
        [HttpPost("post")]
        [MsgSecCheck("Comment")]
        public IActionResult Post(PostDto post) => Ok();
    }

    public sealed class JsonNamedDto
    {
        [System.Text.Json.Serialization.JsonPropertyName("post_title")]
        public string? Title { get; set; }

        public JsonNamedAuthor? Author { get; set; }
    }

    public sealed class JsonNamedAuthor
    {
        [System.Text.Json.Serialization.JsonPropertyName("nick_name")]
        public string? Nickname { get; set; }
    }

    [ApiController]
    [Route("names")]
    public sealed class NamesController : ControllerBase
    {
        [HttpPost("query")]
        [MsgSecCheck("comment")]
        public IActionResult Query([FromQuery(Name = "c")] string comment) => Ok();

        [HttpPost("json")]
        [MsgSecCheck("Title")]
        [MsgSecCheck("Author.Nickname")]
        public IActionResult Json(JsonNamedDto post) => Ok();
    }

    [Route("misspelled")]
    public sealed class MisspelledController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck("Titel")]
        public IActionResult Create([FromBody] PostDto post) => Ok();
    }

    [Route("unread-form")]
    public sealed class UnreadFormController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck]
        public IActionResult Create(IFormCollection form) => Ok();
    }

    [Route("unread-stream")]
    public sealed class UnreadStreamController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck]
        public IActionResult Create([FromBody] Stream body) => Ok();
    }

    [Route("unread-pipe")]
    public sealed class UnreadPipeController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck]
        public IActionResult Create([FromBody] System.IO.Pipelines.PipeReader body) => Ok();
    }

    // Bound by MVC's XML input formatters: the checks walk no XML, so without a field name its text would pass unchecked.
    public sealed class UnreadXElementController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck]
        public IActionResult Create([FromBody] System.Xml.Linq.XElement body) => Ok();
    }

    public sealed class UnreadXmlDocumentController : ControllerBase
    {
        [HttpPost]
        [MsgSecCheck]
        public IActionResult Create([FromBody] System.Xml.XmlDocument body) => Ok();
    }

    [Route("nothing")]
    public sealed class NothingToCheckController : ControllerBase
    {
        [HttpPost("{id}")]
        [MsgSecCheck]
        public IActionResult Like(int id) => Ok();
    }

    [Route("unread-skipped")]
    [MsgSecCheck]
    public sealed class ControllerLevelUnreadController : ControllerBase
    {
        [HttpPost("form")]
        [SkipWeChatSecurityCheck]
        public IActionResult Form(IFormCollection form) => Ok();

        [HttpPost("text")]
        public IActionResult Text([FromQuery] string comment) => Ok();
    }

    [Route("wrong-kind")]
    public sealed class WrongKindController : ControllerBase
    {
        [HttpPost]
        [ImgSecCheck("comment")]
        public IActionResult Create([FromQuery] string comment) => Ok();
    }

    [Route("controller-misspelled")]
    [MsgSecCheck("Nope")]
    public sealed class ControllerLevelMisspelledController : ControllerBase
    {
        [HttpPost]
        public IActionResult Create([FromQuery] string comment) => Ok();
    }
}
