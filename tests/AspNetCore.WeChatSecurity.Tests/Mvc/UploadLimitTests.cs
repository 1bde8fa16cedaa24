using System.Net;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Mvc;

public sealed class UploadLimitTests
{
    [Fact]
    public async Task ABodyOverTheRequestSizeLimit_Is413_WithTheLimitUnderTheFileField()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)], Kestrel = true };
        await using var app = await host.StartAsync();
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/limited/size", UriKind.Relative), FilterTestHost.FileOfSize("avatar", 5000));

        await UploadTooLarge.AssertAsync(response, "2,000", "avatar");
        Assert.Empty(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AFormOverTheMultipartLimit_Is413_KeyedByTheFilesPropertyPath()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/limited/form", FilterTestHost.FileOfSize("Avatar", 5000));

        await UploadTooLarge.AssertAsync(response, "1,500", "Avatar");
    }

    [Fact]
    public async Task AFormCutShort_Is400_UnderTheFileField_NotA500()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/limited/size", FilterTestHost.CutShortForm("avatar"));

        await UploadCutShort.AssertAsync(response, "avatar");
        Assert.Empty(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AnUploadUnderTheLimits_IsCheckedAsBefore()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)], Kestrel = true };
        await using var app = await host.StartAsync();
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/limited/size", UriKind.Relative), FilterTestHost.FileOfSize("avatar", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Security.ImageChecks);
    }

    [Fact]
    public async Task AnActionWithOnlyMediaSecCheck_AnswersABodyOverTheRequestSizeLimit_413_WithTheLimitUnderTheMediaField()
    {
        var host = MediaHost();
        await using var app = await host.StartAsync();
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/limited-voice", UriKind.Relative), FilterTestHost.FileOfSize("voice", 5000));

        await UploadTooLarge.AssertAsync(response, "2,000", "voice");
        Assert.Equal(0, app.Services.GetRequiredService<WeChatEmulator>().GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task AnActionWithOnlyMediaSecCheck_GetsABodyUnderTheLimit_SubmittedAsBefore()
    {
        var host = MediaHost();
        await using var app = await host.StartAsync();
        using var client = host.CreateClient(app);

        using var response = await client.PostAsync(new Uri("/limited-voice", UriKind.Relative), FilterTestHost.FileOfSize("voice", 100));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("voice", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Services.GetRequiredService<WeChatEmulator>().GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task AnActionCheckingAnImageAndMedia_AnswersABodyOverTheLimit_UnderBothFields()
    {
        var host = new FilterTestHost { Controllers = [typeof(LimitedUploadsController)] };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/limited/both", FilterTestHost.FileOfSize("voice", 5000));

        await UploadTooLarge.AssertAsync(response, "1,500", "avatar", "voice");
    }

    // The media check is submitted to the emulator; its clock never advances, so it never downloads or pushes.
    private static FilterTestHost MediaHost() => new()
    {
        Controllers = [typeof(LimitedVoiceController)],
        Kestrel = true,
        Options = o => o.MediaCheck.PublicBaseAddress = new Uri("http://localhost"),
        Build = security => security.UseWeChatEmulator(),
        Services = services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero))),
        Map = app => app.MapWeChatMediaDownload("/wechat/media"),
    };

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

        [HttpPost("both")]
        [ImgSecCheck("avatar")]
        [MediaSecCheck("voice")]
        [RequestFormLimits(MultipartBodyLengthLimit = 1500)]
        public IActionResult Both(IFormFile? avatar, IFormFile? voice) => Ok();
    }

    [ApiController]
    [Route("limited-voice")]
    public sealed class LimitedVoiceController : ControllerBase
    {
        [HttpPost]
        [MediaSecCheck("voice", WeChatMediaType.Audio)]
        [RequestSizeLimit(2000)]
        public string? Post(IFormFile voice) => HttpContext.GetWeChatMediaCheck("voice").Field;
    }
}
