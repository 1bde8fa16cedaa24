using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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

        using var form = new MultipartFormDataContent { { new ByteArrayContent(WeChatEmulator.RiskyTestImage.ToArray()), "voice", "v.mp3" } };
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

        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[WeChatMediaCheckOptions.MaxMediaBytes + 1]), "voice", "v.mp3" } };
        using var response = await app.Client.PostAsync("/voice", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(ran);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
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
