using System.Net;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace AspNetCore.WeChatSecurity.Tests.Mvc;

public sealed class UploadLimitTests
{
    [Fact]
    public async Task ABodyOverTheRequestSizeLimit_Is413_WithTheLimitUnderTheFileField()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)], Kestrel = true };
        await using var app = await host.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.PostAsync(new Uri("/limited/size", UriKind.Relative), Form("avatar", 5000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        var message = Assert.Single(body.GetProperty("errors").GetProperty("avatar").EnumerateArray()).GetString();
        Assert.Equal("The upload is larger than this endpoint accepts: at most 2,000 bytes.", message);
        Assert.Empty(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AFormOverTheMultipartLimit_Is413_KeyedByTheFilesPropertyPath()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/limited/form", Form("Avatar", 5000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal(["Avatar"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("at most 1,500 bytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUploadUnderTheLimits_IsCheckedAsBefore()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)], Kestrel = true };
        await using var app = await host.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.PostAsync(new Uri("/limited/size", UriKind.Relative), Form("avatar", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Security.ImageChecks);
    }

    private static MultipartFormDataContent Form(string field, int bytes)
    {
        var content = new byte[bytes];
        "PNG "u8.CopyTo(content);
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { part, field, "a.png" } };
    }

    public sealed class AvatarForm
    {
        public IFormFile? Avatar { get; set; }
    }

    [ApiController]
    [Route("limited")]
    public sealed class LimitedUploadsController : ControllerBase
    {
        [HttpPost("size")]
        [ImgSecCheck("avatar")]
        [RequestSizeLimit(2000)]
        public IActionResult Size(IFormFile avatar) => Ok();

        [HttpPost("form")]
        [ImgSecCheck("Avatar")]
        [RequestFormLimits(MultipartBodyLengthLimit = 1500)]
        public IActionResult FormLimit([FromForm] AvatarForm form) => Ok();
    }
}
