using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Endpoints;

public sealed class WeChatEndpointFilterTests
{
    [Fact]
    public async Task Convention_RiskyQueryParameter_Returns422ProblemKeyedByName()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/comments", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment"),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/comments?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(422, body.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc4918#section-11.2", body.GetProperty("type").GetString());
        Assert.Equal("One or more fields were rejected by WeChat's content-security check.", body.GetProperty("title").GetString());
        Assert.Equal(["comment"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Convention_PassingContent_RunsTheHandler()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/comments", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment"),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/comments?comment=hello", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("published", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Convention_BodyPropertyPaths_AreKeyedByPathWithSceneAndOpenId()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/posts", (PostDto post) => "published")
                .WithMsgSecCheck("Author.Nickname", WeChatScene.Profile)
                .WithMsgSecCheck("Tags"),
        };
        await using var app = await host.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts")
        {
            Content = JsonContent.Create(new { Title = "t", Author = new { Nickname = "V2RISKY nick" }, Tags = new List<string> { "a", "RISKY" } }),
        };
        request.Headers.Add(FilterTestHost.OpenIdHeader, "o-42");

        using var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Author.Nickname", "Tags[1]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("risky", body.GetProperty("suggest").GetString());
        Assert.Equal(20001, body.GetProperty("label").GetInt32());
        var nick = host.Security.TextChecks.Single(c => c.Text == "V2RISKY nick");
        Assert.Equal(WeChatScene.Profile, nick.Context?.Scene);
        Assert.Equal("o-42", nick.Context?.OpenId);
        // Without a scene of its own, the check leaves the default scene to the service, its one home.
        Assert.Null(host.Security.TextChecks.Single(c => c.Text == "RISKY").Context?.Scene);
    }

    [Fact]
    public async Task AttributesOnTheHandler_RunWithTheGenericConvention()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/handler", [MsgSecCheck("comment")] ([FromQuery] string comment, [FromQuery] string other) => "published")
                .WithWeChatSecurityChecks(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/handler?comment=RISKY&other=RISKY%20too", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["comment"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task AttributesOnHandlersInAGroup_RunWithTheGroupsConvention()
    {
        var host = new FilterTestHost
        {
            Map = app =>
            {
                var group = app.MapGroup("/api").WithWeChatSecurityChecks();
                group.MapPost("/checked", [MsgSecCheck] (PostDto post) => "published");
                group.MapPost("/plain", (PostDto post) => "published");
            },
        };
        await using var app = await host.StartAsync();
        var client = app.GetTestClient();

        using var checkedResponse = await client.PostAsJsonAsync("/api/checked", new { Title = "RISKY" });
        using var plainResponse = await client.PostAsJsonAsync("/api/plain", new { Title = "RISKY" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, checkedResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plainResponse.StatusCode);
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task ConventionAppliedTwice_InstallsOneFilter()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/twice", ([FromQuery] string comment) => "published")
                .WithMsgSecCheck("comment")
                .WithWeChatSecurityChecks()
                .WithMsgSecCheck("comment"),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/twice?comment=hello", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task SkipOnAnEndpoint_RemovesItsGroupsChecks()
    {
        var host = new FilterTestHost
        {
            Map = app =>
            {
                var group = app.MapGroup("/g").WithMsgSecCheck();
                group.MapPost("/skipped", ([FromQuery] string comment) => "published").WithMetadata(new SkipWeChatSecurityCheckAttribute());
                group.MapPost("/checked", ([FromQuery] string comment) => "published");
            },
        };
        await using var app = await host.StartAsync();
        var client = app.GetTestClient();

        using var skipped = await client.PostAsync("/g/skipped?comment=RISKY", null);
        using var checkedResponse = await client.PostAsync("/g/checked?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, checkedResponse.StatusCode);
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task FormFileParameter_IsKeyedByItsFormName()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/avatar", (IFormFile avatar) => "saved").WithImgSecCheck("avatar").DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/avatar", FilterTestHost.Files(("avatar", "a.png", "RISKY")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["avatar"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task FormFileCollection_IsKeyedByEachFilesFormName()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/files", (IFormFileCollection files) => "saved").WithImgSecCheck().DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/files", FilterTestHost.Files(("cover", "c.png", "fine"), ("banner", "b.png", "RISKY")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["banner"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, host.Security.ImageChecks.Count);
    }

    [Fact]
    public async Task InvalidImage_Returns413WithTheServicesMessage()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/avatar", (IFormFile avatar) => "saved").WithImgSecCheck("avatar").DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/avatar", FilterTestHost.Files(("avatar", "a.png", "BIG")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("The image is larger than 1048576 bytes.", body.GetProperty("detail").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("avatar", out _));
    }

    [Fact]
    public async Task WeChatUnavailable_Returns503WithRetryAfter()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/comments", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment"),
        };
        host.Security.TextException = new WeChatUnavailableException(WeChatUnavailableReason.RateLimited, "limited", TimeSpan.FromSeconds(5));
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/comments?comment=hello", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.6.4", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AppProblemDetailsCustomisation_Applies()
    {
        var host = new FilterTestHost
        {
            Services = s => s.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["app"] = "customised"),
            Map = app => app.MapPost("/comments", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment"),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/comments?comment=RISKY", null);

        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("customised", body.GetProperty("app").GetString());
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
    }

    // A form or a body the handler reads itself would pass unchecked; JSON kept as it came is checked, so the message no
    // longer names it.
    [Theory]
    [InlineData("form (IFormCollection)")]
    [InlineData("body (Stream)")]
    [InlineData("body (PipeReader)")]
    public async Task CheckWithoutAField_BesideAParameterItCannotRead_RefusesToStart(string parameter)
    {
        var host = new FilterTestHost
        {
            Map = app =>
            {
                var endpoint = parameter switch
                {
                    "form (IFormCollection)" => app.MapPost("/raw", (IFormCollection form, string title) => "published"),
                    "body (Stream)" => app.MapPost("/raw", async (Stream body, string title) => await new StreamReader(body).ReadToEndAsync()),
                    _ => app.MapPost("/raw", async (System.IO.Pipelines.PipeReader body, string title) => (await body.ReadAsync()).Buffer.Length),
                };
                endpoint.WithMsgSecCheck();
            },
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithMsgSecCheck() on endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("/raw", error.Message, StringComparison.Ordinal);
        Assert.Contains($"cannot check {parameter}:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonElement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckWithoutAField_OnAnEndpointWithNothingToCheck_RefusesToStart()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/like/{id}", (int id) => "liked").WithMsgSecCheck(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithMsgSecCheck() on endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("finds no parameter that can hold text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupCheckWithoutAField_PassesOverAnEndpointWithNothingToCheck()
    {
        var host = new FilterTestHost
        {
            Map = app =>
            {
                var group = app.MapGroup("/posts").WithMsgSecCheck();
                group.MapGet("/{id}", (int id) => "read");
                group.MapPost("/", ([FromQuery] string comment) => "published");
            },
        };
        await using var app = await host.StartAsync();
        var client = app.GetTestClient();

        using var read = await client.GetAsync("/posts/1");
        using var published = await client.PostAsync("/posts/?comment=RISKY", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, published.StatusCode);
        Assert.Single(host.Security.TextChecks);
    }

    [Fact]
    public async Task GroupCheckWithoutAField_OnABodyReadAsAStream_RefusesToStart()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapGroup("/raw").WithMsgSecCheck().MapPost("/", async (Stream body) => await new StreamReader(body).ReadToEndAsync()),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("body (Stream)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageCheckWithoutAField_OnAFormCollection_RefusesToStart()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/form", (IFormCollection form) => "published").WithImgSecCheck(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithImgSecCheck()", error.Message, StringComparison.Ordinal);
        Assert.Contains("form (IFormCollection)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFieldName_RefusesToStartNamingEndpointAndField()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/typo", ([FromQuery] string comment) => "published").WithMsgSecCheck("coment"),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithMsgSecCheck(\"coment\")", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[MsgSecCheck", error.Message, StringComparison.Ordinal);
        Assert.Contains("/typo", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"comment\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("comment (String)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPropertyPath_ListsThePathsThatExist_InTheMinimalApiForm()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/posts", (PostDto post) => "published").WithMsgSecCheck("Titel", WeChatScene.Forum),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithMsgSecCheck(\"Titel\", WeChatScene.Forum)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"Title\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: Title, Author.Nickname, Tags.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFieldName_OnTheHandlersAttribute_IsDescribedAsTheAttribute()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/posts", [MsgSecCheck("Auther.Nickname")] (PostDto post) => "published").WithWeChatSecurityChecks(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MsgSecCheck(\"Auther.Nickname\")]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"Author.Nickname\"?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServicesAreNotFromTheRequest_AndAreNeverWalked()
    {
        var host = new FilterTestHost
        {
            Services = s => s.AddSingleton(new RiskyService()),
            Map = app => app.MapPost("/svc", ([FromQuery] string comment, RiskyService service, HttpContext context) => "published").WithMsgSecCheck(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/svc?comment=hello", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", Assert.Single(host.Security.TextChecks).Text);
    }

    [Fact]
    public async Task ConventionOnControllers_FailsAtStartupBecauseMvcUsesTheAttributes()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(NoteController)],
            Map = app => ((ControllerActionEndpointConventionBuilder)app.MapControllers()).WithMsgSecCheck(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("MVC action", error.Message, StringComparison.Ordinal);
    }

    // An object bound from a JSON body is a JsonElement: the strings in it are the request's text, checked like any other,
    // keyed by the JSON names as they came.
    [Fact]
    public async Task Convention_StringsInAnObjectBoundFromJson_AreChecked()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/notes", (NoteDto note) => "published").WithMsgSecCheck(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsJsonAsync("/notes", new { Title = "t", Extra = new { Tags = new List<string> { "fine", "RISKY" } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Extra.tags[1]"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    public sealed class NoteDto
    {
        public string? Title { get; set; }

        public object? Extra { get; set; }
    }

    public sealed class PostDto
    {
        public string? Title { get; set; }

        public AuthorDto? Author { get; set; }

        public List<string>? Tags { get; set; }
    }

    public sealed class AuthorDto
    {
        public string? Nickname { get; set; }
    }

    public sealed class RiskyService
    {
        public string Secret { get; } = "RISKY internal";
    }

    [Route("note")]
    public sealed class NoteController : ControllerBase
    {
        [HttpPost]
        public IActionResult Post([FromQuery] string text) => Ok();
    }
}
