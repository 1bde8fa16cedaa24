using System.Net;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace AspNetCore.WeChatSecurity.Tests.Endpoints;

/// <summary>Minimal APIs that check uploads answer a body over their limits as MVC actions do: 413 ProblemDetails with the limit under the file field.</summary>
public sealed class MinimalApiUploadLimitTests
{
    [Fact]
    public async Task ABodyOverTheRequestSizeLimit_OnKestrel_Is413_WithTheLimitUnderTheFileField()
    {
        var ran = false;
        var host = new FilterTestHost
        {
            Kestrel = true,
            Map = app => app.MapPost("/avatar", (IFormFile avatar) =>
            {
                ran = true;
                return "ok";
            }).WithImgSecCheck("avatar").WithMetadata(new RequestSizeLimitAttribute(2000)).DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.PostAsync(new Uri("/avatar", UriKind.Relative), Form("avatar", 5000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        var message = Assert.Single(body.GetProperty("errors").GetProperty("avatar").EnumerateArray()).GetString();
        Assert.Equal("The upload is larger than this endpoint accepts: at most 2,000 bytes.", message);
        Assert.False(ran);
        Assert.Empty(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AnUploadUnderTheLimit_OnKestrel_IsCheckedAsBefore()
    {
        var host = new FilterTestHost
        {
            Kestrel = true,
            Map = app => app.MapPost("/avatar", (IFormFile avatar) => "ok").WithImgSecCheck("avatar").WithMetadata(new RequestSizeLimitAttribute(2000)).DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.PostAsync(new Uri("/avatar", UriKind.Relative), Form("avatar", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AFormOverTheMultipartLimit_WithMediaSecCheck_Is413_UnderTheMediaField()
    {
        var ran = false;
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/voice", (IFormFile voice) =>
            {
                ran = true;
                return "ok";
            }).WithMediaSecCheck("voice").WithFormOptions(multipartBodyLengthLimit: 1500).DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/voice", Form("voice", 5000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["voice"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("at most 1,500 bytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(ran);
    }

    private static MultipartFormDataContent Form(string field, int bytes)
    {
        var content = new byte[bytes];
        "PNG "u8.CopyTo(content);
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { part, field, "a.png" } };
    }
}
