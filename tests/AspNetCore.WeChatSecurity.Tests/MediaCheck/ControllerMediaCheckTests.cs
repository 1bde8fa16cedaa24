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
/// A controller's <c>[MediaSecCheck("voice")]</c> is matched across its actions as a route group's
/// <c>.WithMediaSecCheck("voice")</c> is across its endpoints: a file-less action (a GET) no longer vouches for a field
/// that none of the actions binding files binds, so a typo stops the start instead of checking nothing.
/// </summary>
public sealed class ControllerMediaCheckTests
{
    [Fact]
    public async Task MisspelledFieldOnAControllerWithAFileLessGet_RefusesToStart_ListingWhatItsActionsBind()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Host(typeof(VoyceController)).StartAsync());

        Assert.StartsWith(
            $"[MediaSecCheck(\"voyce\", WeChatMediaType.Audio)] on controller '{typeof(VoyceController).FullName}' (it matches none of its actions)",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("Did you mean \"voice\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: voice.", error.Message, StringComparison.Ordinal);
        Assert.Contains("id (Int32)", error.Message, StringComparison.Ordinal);
        Assert.Contains("voice (IFormFile)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrectFieldOnAControllerWithAFileLessGet_SubmitsTheVoiceOnce_AndTheGetSubmitsNothing()
    {
        await using var app = await Host(typeof(VoiceController)).StartAsync();
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();
        var client = app.GetTestClient();

        using var voice = FilterTestHost.Files(("voice", "v.mp3", "voice bytes"));
        using var posted = await client.PostAsync("/voices", voice);
        var callsAfterPost = emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync);
        using var read = await client.GetAsync("/voices/7");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("voice", await posted.Content.ReadAsStringAsync());
        Assert.Equal(1, callsAfterPost);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("7", await read.Content.ReadAsStringAsync());
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // [SkipWeChatSecurityCheck] does not skip [MediaSecCheck]: the controller's field still counts there and its file is
    // still submitted there.
    [Fact]
    public async Task ActionWithSkipWeChatSecurityCheck_StillMatchesTheControllersField_AndSubmitsTheVoice()
    {
        await using var app = await Host(typeof(SkippedVoiceController)).StartAsync();
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();

        using var voice = FilterTestHost.Files(("voice", "v.mp3", "skipped voice bytes"));
        using var posted = await app.GetTestClient().PostAsync("/skipped-voices", voice);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("voice", await posted.Content.ReadAsStringAsync());
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // None of the actions binds a file: they read the form themselves, so there is no name to compare the field with, the
    // start goes ahead and a file uploaded under the field is submitted.
    [Fact]
    public async Task ControllerWhoseActionsBindNoFiles_Starts_AndSubmitsAFileUploadedUnderTheField()
    {
        await using var app = await Host(typeof(FormReadingController)).StartAsync();
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();

        using var voice = FilterTestHost.Files(("recording", "r.mp3", "recording bytes"));
        using var posted = await app.GetTestClient().PostAsync("/recordings", voice);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("recording", await posted.Content.ReadAsStringAsync());
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // MVC binds a [FromForm] model's file from "upload.voice" as well as "voice": the client's choice of name must not
    // carry the file past its check (old code: 200, the file bound, nothing submitted).
    [Theory]
    [InlineData("voice")]
    [InlineData("upload.voice")]
    [InlineData("Upload.Voice")]
    public async Task FileOfAFormModel_IsSubmitted_UnderEitherNameTheModelBindsItFrom(string name)
    {
        await using var app = await Host(typeof(VoiceModelController)).StartAsync();
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();

        using var voice = FilterTestHost.Files((name, "v.mp3", "voice bytes"));
        using var posted = await app.GetTestClient().PostAsync("/voice-models", voice);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("11 bytes, checked as voice", await posted.Content.ReadAsStringAsync());
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    private static FilterTestHost Host(Type controller) => new()
    {
        Controllers = [controller],
        Options = o => o.MediaCheck.PublicBaseAddress = new Uri("http://localhost"),
        Build = security => security.UseWeChatEmulator(),

        // A fake clock, so that the emulator's check never pushes back while the test runs.
        Services = services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero))),
        Map = app => app.MapWeChatMediaDownload("/wechat/media"),
    };

    [ApiController]
    [Route("voyces")]
    [MediaSecCheck("voyce")]
    public sealed class VoyceController : ControllerBase
    {
        [HttpGet("{id:int}")]
        public IActionResult Get(int id) => Ok(id);

        [HttpPost]
        public IActionResult Post(IFormFile voice) => Ok();
    }

    [ApiController]
    [Route("voices")]
    [MediaSecCheck("voice")]
    public sealed class VoiceController : ControllerBase
    {
        [HttpGet("{id:int}")]
        public IActionResult Get(int id) => Ok(id);

        [HttpPost]
        public string? Post(IFormFile voice) => HttpContext.GetWeChatMediaCheck("voice").Field;
    }

    [ApiController]
    [Route("skipped-voices")]
    [MediaSecCheck("voice")]
    public sealed class SkippedVoiceController : ControllerBase
    {
        [HttpGet("{id:int}")]
        public IActionResult Get(int id) => Ok(id);

        [HttpPost]
        [SkipWeChatSecurityCheck]
        public string? Post(IFormFile voice) => HttpContext.GetWeChatMediaCheck("voice").Field;
    }

    [ApiController]
    [Route("recordings")]
    [MediaSecCheck("recording")]
    public sealed class FormReadingController : ControllerBase
    {
        [HttpGet("{id:int}")]
        public IActionResult Get(int id) => Ok(id);

        [HttpPost]
        public string? Post() => HttpContext.GetWeChatMediaCheck("recording").Field;
    }

    public sealed class VoiceUpload
    {
        public IFormFile? Voice { get; set; }
    }

    [ApiController]
    [Route("voice-models")]
    public sealed class VoiceModelController : ControllerBase
    {
        [HttpPost]
        [MediaSecCheck("voice")]
        public string Post([FromForm] VoiceUpload upload) => $"{upload.Voice?.Length} bytes, checked as {HttpContext.GetWeChatMediaCheck("voice").Field}";
    }
}
