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
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/avatar", UriKind.Relative), FilterTestHost.FileOfSize("avatar", 5000));

        await UploadTooLarge.AssertAsync(response, "2,000", "avatar");
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
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/avatar", UriKind.Relative), FilterTestHost.FileOfSize("avatar", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AFormCutShort_WithMediaSecCheck_Is400_UnderTheMediaField_NotA500()
    {
        var ran = false;
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/voice", (IFormFile voice) =>
            {
                ran = true;
                return "ok";
            }).WithMediaSecCheck("voice").DisableAntiforgery(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/voice", FilterTestHost.CutShortForm("voice"));

        await UploadCutShort.AssertAsync(response, "voice");
        Assert.False(ran);
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

        using var response = await app.GetTestClient().PostAsync("/voice", FilterTestHost.FileOfSize("voice", 5000));

        await UploadTooLarge.AssertAsync(response, "1,500", "voice");
        Assert.False(ran);
    }
}
