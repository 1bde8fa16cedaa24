using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class MediaSecCheckTests
{
    [Fact]
    public async Task MinimalApi_WithMediaSecCheck_SubmitsTheUploadBeforeTheHandler_WhichReadsItsPendingCheck()
    {
        await using var app = await MediaCheckApp.StartAsync();
        app.App.MapPost("/voice", (HttpContext context) =>
        {
            var check = context.GetWeChatMediaCheck("voice");
            return Results.Ok(new { check.CorrelationId, check.TraceId, check.Field });
        }).WithMediaSecCheck("voice", WeChatMediaType.Audio).DisableAntiforgery();

        using var form = Upload(WeChatEmulator.RiskyTestImage.ToArray());
        using var response = await app.Client.PostAsync("/voice", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var traceId = body.GetProperty("traceId").GetString()!;
        await app.PushAsync(traceId);
        var result = Assert.Single(await app.Handler.WaitForAsync(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("voice", body.GetProperty("field").GetString());
        Assert.Equal(body.GetProperty("correlationId").GetString(), result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
    }

    [Fact]
    public async Task MinimalApi_UploadOver10MB_Is413ProblemDetails_AndTheHandlerDoesNotRun()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var ran = false;
        app.App.MapPost("/voice", () =>
        {
            ran = true;
            return Results.Ok();
        }).WithMediaSecCheck("voice").DisableAntiforgery();

        using var form = Upload(new byte[WeChatMediaCheckOptions.MaxMediaBytes + 1]);
        using var response = await app.Client.PostAsync("/voice", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(ran);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // The openid is found as for text (claim, then OpenIdResolver), and the version and scene are resolved as for text.
    [Fact]
    public async Task MinimalApi_WithAnOpenId_SendsV2WithTheEndpointsSceneElseTheDefault()
    {
        const string OpenId = "oH1fu0FdHqpToe2T6gBj0WyB8iS1";
        await using var app = await MediaCheckApp.StartAsync(configure: o =>
        {
            o.OpenIdResolver = _ => OpenId;
            o.DefaultScene = WeChatScene.Profile;
        });
        app.App.MapPost("/forum-voice", () => Results.Ok()).WithMediaSecCheck("voice", WeChatMediaType.Audio, WeChatScene.Forum).DisableAntiforgery();
        app.App.MapPost("/voice", () => Results.Ok()).WithMediaSecCheck("voice").DisableAntiforgery();

        using var forum = await app.Client.PostAsync("/forum-voice", Upload(WeChatEmulator.SafeTestImage.ToArray()));
        using var plain = await app.Client.PostAsync("/voice", Upload(WeChatEmulator.RiskyTestImage.ToArray()));

        Assert.Equal(HttpStatusCode.OK, forum.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var bodies = app.Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MediaCheckAsync).Select(r => r.BodyText).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body =>
        {
            Assert.Contains("\"version\":2", body, StringComparison.Ordinal);
            Assert.Contains(OpenId, body, StringComparison.Ordinal);
        });
        Assert.Contains("\"scene\":3", bodies[0], StringComparison.Ordinal);
        Assert.Contains("\"scene\":1", bodies[1], StringComparison.Ordinal);
    }

    // Asked wrongly is answered as for text: 503 ProblemDetails, never the action without its check, never a 500.
    [Fact]
    public async Task MinimalApi_V2WithoutAnOpenId_Is503_AndTheHandlerDoesNotRun()
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o => o.TextVersion = WeChatApiVersion.V2);
        var ran = false;
        app.App.MapPost("/voice", () =>
        {
            ran = true;
            return Results.Ok();
        }).WithMediaSecCheck("voice").DisableAntiforgery();

        using var response = await app.Client.PostAsync("/voice", Upload(WeChatEmulator.SafeTestImage.ToArray()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(ran);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // FailureMode Allow lets an image checked at once through unchecked, never an upload to the asynchronous check: with
    // no submitted check no verdict would ever come for what the handler stores as pending, so it fails safe with 503.
    [Fact]
    public async Task MinimalApi_WeChatDown_Is503WithRetryAfter_EvenWithFailureModeAllow_WhereAnImageCheckedAtOnceGoesThrough()
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o => o.FailureMode = WeChatFailureMode.Allow);
        var ran = new List<string>();
        app.App.MapPost("/voice", () =>
        {
            ran.Add("voice");
            return Results.Ok();
        }).WithMediaSecCheck("voice", WeChatMediaType.Image).DisableAntiforgery();
        app.App.MapPost("/avatar", (IFormFile voice) =>
        {
            ran.Add("avatar");
            return Results.Ok();
        }).WithImgSecCheck("voice").DisableAntiforgery();
        app.Emulator.FailNext(WeChatEmulatorFault.ServerError(502), count: 100, WeChatEmulatorEndpoint.MediaCheckAsync);
        app.Emulator.FailNext(WeChatEmulatorFault.ServerError(502), count: 100, WeChatEmulatorEndpoint.ImgSecCheck);

        using var submitted = await app.Client.PostAsync("/voice", Upload(WeChatEmulator.SafeTestImage.ToArray()));
        using var checkedAtOnce = await app.Client.PostAsync("/avatar", Upload(WeChatEmulator.SafeTestImage.ToArray()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, submitted.StatusCode);
        Assert.Equal("application/problem+json", submitted.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(submitted.Headers.RetryAfter);
        Assert.NotEqual(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        Assert.Equal(HttpStatusCode.OK, checkedAtOnce.StatusCode);
        Assert.NotEqual(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck));
        Assert.Equal(["avatar"], ran);
    }

    [Fact]
    public async Task UseFakeWeChat_SendsEveryCallToTheApplicationsOwnFake()
    {
        var fake = new OwnFake();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx0123456789abcdef";
            o.AppSecret = "secret";
        }).UseFakeWeChat(_ => fake);
        await using var provider = services.BuildServiceProvider();

        var verdict = await provider.GetRequiredService<IWeChatContentSecurity>().CheckTextAsync("你好");

        Assert.Equal(WeChatSuggestion.Pass, verdict.Suggestion);
        Assert.Equal(["/cgi-bin/stable_token", "/wxa/msg_sec_check"], fake.Paths);
    }

    // The synchronous checks run first, as in MVC, whichever was added first: nothing is submitted for a request they
    // refuse (a risky title, or more texts than Text:MaxChecksPerRequest), since the handler that would store the pending
    // item never runs, and the submission would spend the media check quota and keep the upload for nothing.
    [Theory]
    [InlineData(true, WeChatEmulatorOptions.OfficialRiskyText1, HttpStatusCode.UnprocessableEntity)]
    [InlineData(false, WeChatEmulatorOptions.OfficialRiskyText1, HttpStatusCode.UnprocessableEntity)]
    [InlineData(true, "写得很好", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(false, "写得很好", HttpStatusCode.RequestEntityTooLarge)]
    public async Task MinimalApi_ARequestTheTextChecksRefuse_SubmitsNoFile_WhicheverWasAddedFirst(bool mediaFirst, string title, HttpStatusCode refused)
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o =>
        {
            o.Text.MaxTextLength = 2500;
            o.Text.MaxChecksPerRequest = 1;
        });
        var ran = false;
        var endpoint = app.App.MapPost("/post", ([FromForm] string title, [FromForm] string? body, IFormFile voice) =>
        {
            ran = true;
            return Results.Ok();
        }).DisableAntiforgery();
        if (mediaFirst)
        {
            endpoint.WithMediaSecCheck("voice").WithMsgSecCheck("title").WithMsgSecCheck("body");
        }
        else
        {
            endpoint.WithMsgSecCheck("title").WithMsgSecCheck("body").WithMediaSecCheck("voice");
        }

        using var form = Upload(Encoding.ASCII.GetBytes("voice"));
        form.Add(new StringContent(title), "title");
        if (refused == HttpStatusCode.RequestEntityTooLarge)
        {
            form.Add(new StringContent("好的"), "body");
        }

        using var response = await app.Client.PostAsync("/post", form);

        Assert.Equal(refused, response.StatusCode);
        Assert.False(ran);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // The group's conventions run before the endpoint's: a group's WithMediaSecCheck still runs after the endpoint's checks
    // (text checked by the host's scripted service, media submitted to the emulator).
    [Fact]
    public async Task MinimalApi_MediaCheckOnTheGroup_SubmitsNothingForARequestTheEndpointsTextCheckRejects()
    {
        var ran = false;
        var host = new FilterTestHost
        {
            Options = o => o.MediaCheck.PublicBaseAddress = new Uri("http://localhost"),
            Build = security => security.UseWeChatEmulator(),
            Services = services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero))),
            Map = app =>
            {
                app.MapWeChatMediaDownload("/wechat/media");
                var group = app.MapGroup("/posts").WithMediaSecCheck("voice").DisableAntiforgery();
                group.MapPost("/", ([FromForm] string title, IFormFile voice) =>
                {
                    ran = true;
                    return Results.Ok();
                }).WithMsgSecCheck("title");
            },
        };
        await using var app = await host.StartAsync();
        using var form = Upload(Encoding.ASCII.GetBytes("voice"));
        form.Add(new StringContent("RISKY title"), "title");

        using var response = await app.GetTestClient().PostAsync("/posts/", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.False(ran);
        Assert.Equal(0, app.Services.GetRequiredService<WeChatEmulator>().GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // Minimal APIs bind an IFormFileCollection to every file of the form, whatever its name: a field naming one takes them
    // all (old code: a file named otherwise reached the handler bound, with nothing submitted).
    [Fact]
    public async Task MinimalApi_FieldNamingAFormFileCollection_SubmitsEveryFileTheHandlerBinds_WhateverItsName()
    {
        await using var app = await MediaCheckApp.StartAsync();
        app.App.MapPost("/voices", (IFormFileCollection voice, HttpContext context) => $"{voice.Count} bound, {context.GetWeChatMediaChecks().Count} checked")
            .WithMediaSecCheck("voice").DisableAntiforgery();

        using var form = new MultipartFormDataContent { { new ByteArrayContent(WeChatEmulator.SafeTestImage.ToArray()), "other", "v.mp3" } };
        using var response = await app.Client.PostAsync("/voices", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1 bound, 1 checked", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    private static MultipartFormDataContent Upload(byte[] media) => new() { { new ByteArrayContent(media), "voice", "v.mp3" } };

    private sealed class OwnFake : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            var json = request.RequestUri.AbsolutePath.EndsWith("stable_token", StringComparison.Ordinal)
                ? """{"access_token":"fake-token","expires_in":7200}"""
                : """{"errcode":0,"errmsg":"ok"}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
