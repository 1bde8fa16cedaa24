using System.Globalization;
using System.Net;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>
/// One request may submit at most <see cref="WeChatMediaCheckOptions.MaxChecksPerRequest"/> files through
/// <c>[MediaSecCheck]</c>, all its fields together: more is answered 413 before the first submission, MVC and minimal
/// APIs alike. Before, every file of the request was submitted to media_check_async.
/// </summary>
public sealed class MediaFilesPerRequestTests
{
    [Fact]
    public async Task MinimalApi_OneFileOverTheDefault_Is413_WithoutAnySubmission()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var ran = false;
        app.App.MapPost("/voices", (IFormFileCollection voices) =>
        {
            ran = true;
            return Results.Ok();
        }).WithMediaSecCheck("voices", WeChatMediaType.Audio).DisableAntiforgery();

        using var response = await app.Client.PostAsync("/voices", Files(("voices", 10)));

        await AssertTooManyAsync(response, 10, 9, "voices");
        Assert.False(ran);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task MinimalApi_ExactlyTheLimit_SubmitsEachFile()
    {
        await using var app = await MediaCheckApp.StartAsync();
        app.App.MapPost("/voices", (IFormFileCollection voices) => Results.Ok())
            .WithMediaSecCheck("voices", WeChatMediaType.Audio).DisableAntiforgery();

        using var response = await app.Client.PostAsync("/voices", Files(("voices", 9)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // The fields of one request count together: two voices and a photo are three files.
    [Fact]
    public async Task MinimalApi_FilesOfSeveralFields_CountTogether()
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o => o.MediaCheck.MaxChecksPerRequest = 2);
        app.App.MapPost("/post", () => Results.Ok())
            .WithMediaSecCheck("voice", WeChatMediaType.Audio)
            .WithMediaSecCheck("photo", WeChatMediaType.Audio)
            .DisableAntiforgery();

        using var over = await app.Client.PostAsync("/post", Files(("voice", 2), ("photo", 1)));
        var callsOver = app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync);
        using var atLimit = await app.Client.PostAsync("/post", Files(("voice", 1), ("photo", 1)));

        await AssertTooManyAsync(over, 3, 2, "voice", "photo");
        Assert.Equal(0, callsOver);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(2, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task Mvc_OneFileOverTheLimit_Is413_WithoutAnySubmission()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(VoicesController)],
            Options = o =>
            {
                o.MediaCheck.PublicBaseAddress = new Uri("http://localhost");
                o.MediaCheck.MaxChecksPerRequest = 3;
            },
            Build = security => security.UseWeChatEmulator(),
            Services = services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero))),
            Map = app => app.MapWeChatMediaDownload("/wechat/media"),
        };
        await using var app = await host.StartAsync();
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();

        using var over = await app.GetTestClient().PostAsync("/voices", Files(("voices", 4)));
        var callsOver = emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync);
        using var atLimit = await app.GetTestClient().PostAsync("/voices", Files(("voices", 3)));

        await AssertTooManyAsync(over, 4, 3, "voices");
        Assert.Equal(0, callsOver);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal("3", await atLimit.Content.ReadAsStringAsync());
        Assert.Equal(3, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, int count, int limit, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await FilterTestHost.ReadJsonAsync(response);
        var detail = string.Create(CultureInfo.InvariantCulture, $"The request carries {count} files to check; at most {limit} are accepted (WeChatSecurity:MediaCheck:MaxChecksPerRequest).");
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(fields.Order(StringComparer.Ordinal), problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    // Distinct bytes in each file, so that none joins another's check in flight and each is one submission.
    private static MultipartFormDataContent Files(params (string Field, int Count)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, count) in fields)
        {
            for (var i = 0; i < count; i++)
            {
                var name = field + i.ToString(CultureInfo.InvariantCulture);
                form.Add(new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("voice " + name)), field, name + ".mp3");
            }
        }

        return form;
    }

    [ApiController]
    [Route("voices")]
    public sealed class VoicesController : ControllerBase
    {
        [HttpPost]
        [MediaSecCheck("voices", WeChatMediaType.Audio)]
        public string Post(List<IFormFile> voices) => HttpContext.GetWeChatMediaChecks().Count.ToString(CultureInfo.InvariantCulture);
    }
}
