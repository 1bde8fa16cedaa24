using System.Net;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

public sealed class WeChatContentSecurityMiddlewareTests
{
    [Fact]
    public async Task WithoutTheServices_UseThrowsNamingAddWeChatContentSecurity()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseWeChatContentSecurity());

        Assert.Contains("AddWeChatContentSecurity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureInsideAMinimalApi_Returns422KeyedByTheField()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Map = app => app.MapPost("/bio", async ([FromQuery] string bio, IWeChatContentSecurity security) =>
            {
                await security.EnsureTextAsync("profile.bio", bio);
                return "saved";
            }),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/bio?bio=V2RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["profile.bio"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(87014, body.GetProperty("errcode").GetInt32());
        Assert.Equal("risky", body.GetProperty("suggest").GetString());
        Assert.Equal(20001, body.GetProperty("label").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task EnsureInsideAController_Returns422()
    {
        var host = new FilterTestHost { UseMiddleware = true, Controllers = [typeof(EnsureController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/ensure?text=RISKY", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["text"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains(host.Logs.GetSnapshot(), e => e.Id.Name == nameof(WeChatCheckLog.ExceptionHandled));
    }

    [Fact]
    public async Task HeadersSetBeforeTheException_AreCleared()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Map = app => app.MapPost("/bio", async (HttpContext context, IWeChatContentSecurity security) =>
            {
                context.Response.Headers["X-Partial"] = "yes";
                await security.EnsureTextAsync("bio", "RISKY");
                return "saved";
            }),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/bio", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Partial"));
    }

    [Fact]
    public async Task UnavailableException_Returns503WithRetryAfter()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Map = app => app.MapPost("/down", () => Fail(new WeChatUnavailableException(WeChatUnavailableReason.NoAccessToken, "no token", TimeSpan.FromMilliseconds(1500)))),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/down", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        Assert.DoesNotContain("no token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not "blocked by the failure mode": the middleware answers 503 whatever the mode, and its log says so.
        var logged = Assert.Single(host.Logs.GetSnapshot(), e => e.Id.Name is nameof(WeChatCheckLog.UnavailableInAction) or nameof(WeChatCheckLog.UnavailableBlocked));
        Assert.Equal(nameof(WeChatCheckLog.UnavailableInAction), logged.Id.Name);
    }

    // Asked wrongly (a bad openid, a refused token): 503 without Retry-After, logged at Error, never the errcode.
    [Fact]
    public async Task ApiException_Returns503WithoutRetryAfter_AndIsLoggedAsAnError()
    {
        var failure = new WeChatApiException("msg_sec_check", 40003, "invalid openid");
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Map = app => app.MapPost("/wrong", () => Fail(failure)),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/wrong", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.DoesNotContain("40003", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Exception == failure);
    }

    [Fact]
    public async Task InvalidContentException_ReturnsItsStatusKeyedByItsField()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Map = app => app.MapPost("/big", () => Fail(new WeChatInvalidContentException(WeChatInvalidContentReason.UnsupportedFormat, "The image is not PNG, JPEG or GIF.", "cover"))),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/big", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal("The image is not PNG, JPEG or GIF.", body.GetProperty("detail").GetString());
        Assert.Equal("The image is not PNG, JPEG or GIF.", body.GetProperty("errors").GetProperty("cover")[0].GetString());
    }

    [Fact]
    public async Task OtherExceptions_AreNotSwallowed()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Environment = "Production",
            Map = app => app.MapPost("/boom", () => Fail(new InvalidOperationException("boom"))),
        };
        await using var app = await host.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().PostAsync("/boom", null));

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task ResponseAlreadyStarted_Rethrows()
    {
        var host = new FilterTestHost
        {
            UseMiddleware = true,
            Environment = "Production",
            Map = app => app.MapPost("/started", async (HttpContext context) =>
            {
                await context.Response.WriteAsync("partial");
                await context.Response.Body.FlushAsync();
                throw new WeChatContentRejectedException("bio", new WeChatVerdict(WeChatSuggestion.Risky, 87014, null, null, false));
            }),
        };
        await using var app = await host.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/started");

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.GetTestClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsStringAsync();
        });

        Assert.NotNull(error);
        Assert.IsNotType<Xunit.Sdk.EqualException>(error);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), e => e.Id.Name == nameof(WeChatCheckLog.ExceptionHandled));
    }

    [Fact]
    public void RetryAfter_IsRoundedUpWithADefault()
    {
        Assert.Equal(2, WeChatProblems.RetryAfterSeconds(TimeSpan.FromSeconds(1.01)));
        Assert.Equal(1, WeChatProblems.RetryAfterSeconds(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(WeChatProblemConstants.DefaultRetryAfterSeconds, WeChatProblems.RetryAfterSeconds(null));
        Assert.Equal(WeChatProblemConstants.DefaultRetryAfterSeconds, WeChatProblems.RetryAfterSeconds(TimeSpan.Zero));
    }

    private static string Fail(Exception exception) => throw exception;

    [Route("ensure")]
    public sealed class EnsureController(IWeChatContentSecurity security) : ControllerBase
    {
        [HttpPost]
        public async Task<IActionResult> Post([FromQuery] string text)
        {
            await security.EnsureTextAsync("text", text);
            return Ok();
        }
    }
}
