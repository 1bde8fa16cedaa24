using System.Globalization;
using System.Net;
using System.Text;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A request with text checks beside <c>[MediaSecCheck]</c> files or <c>[ImgSecCheck]</c> images is refused for too many
/// files or images before its texts are checked: the texts' calls would be spent on a request that is answered 413
/// anyway. MVC and minimal APIs alike, whichever convention a minimal API added first.
/// </summary>
public sealed class MixedChecksPerRequestTests
{
    public static TheoryData<string> PostEndpoints => ["/minimal/text-first", "/minimal/media-first", "/mixed/post"];

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task MoreFilesThanMediaCheckAllows_Is413_BeforeTheTextsAreChecked(string path)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.PostAsync(path, Form("这首歌的标题", voices: 3));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("The request carries 3 files to check; at most 2 are accepted (WeChatSecurity:MediaCheck:MaxChecksPerRequest).", problem.GetProperty("detail").GetString());
        Assert.Equal(["voices"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, app.TextCalls);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // An empty file cannot be submitted: it refuses the request before the title is checked and before the file beside
    // it is submitted, as a file over WeChat's 10 MB does.
    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public async Task AnEmptyFile_BesideAFileAndATitle_Is400_BeforeAnyCallOrSubmission(string path)
    {
        await using var app = await StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("这首歌的标题"), "title" },
            { new ByteArrayContent([]), "voices", "empty.mp3" },
            { new ByteArrayContent(Encoding.ASCII.GetBytes("voice")), "voices", "voice.mp3" },
        };

        using var response = await app.Client.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal("The media is empty: there is nothing to check.", problem.GetProperty("detail").GetString());
        Assert.Equal(["voices"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, app.TextCalls);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    // The text and image checks of one action are counted together before either starts.
    [Theory]
    [InlineData("/minimal/titled-photos")]
    [InlineData("/mixed/photos")]
    public async Task MoreImagesThanAllowed_BesideATitle_Is413_WithoutAnyCall(string path)
    {
        await using var app = await StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("相册的标题"), "title" } };
        for (var i = 0; i < 3; i++)
        {
            var part = new ByteArrayContent(WeChatEmulator.SafeTestImage.ToArray());
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(part, "photos", "p" + i.ToString(CultureInfo.InvariantCulture) + ".png");
        }

        using var response = await app.Client.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            "The request carries at least 3 distinct images to check; at most 2 are accepted (WeChatSecurity:Images:MaxChecksPerRequest).",
            (await IntegrationApp.ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, app.TextCalls);
        Assert.Equal(0, app.ImageCalls);
    }

    // An upload that is no image refuses the request (415, under its own key) before the title and the other image are
    // sent: their calls would be spent on a request refused for it.
    [Theory]
    [InlineData("/minimal/titled-photos")]
    [InlineData("/mixed/photos")]
    public async Task AnUploadThatIsNoImage_BesideATitleAndAnImage_Is415_WithoutAnyCall(string path)
    {
        await using var app = await StartAsync();
        var image = new ByteArrayContent(WeChatEmulator.SafeTestImage.ToArray());
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        var notAnImage = new ByteArrayContent("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray());
        notAnImage.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { new StringContent("相册的标题"), "title" }, { image, "photos", "a.png" }, { notAnImage, "photos", "b.png" } };

        using var response = await app.Client.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(["photos[1]"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(0, app.TextCalls);
        Assert.Equal(0, app.ImageCalls);
    }

    private static Task<IntegrationApp> StartAsync() => IntegrationApp.StartAsync(
        o =>
        {
            o.MediaCheck.PublicBaseAddress = new Uri("http://localhost");
            o.MediaCheck.MaxChecksPerRequest = 2;
            o.Images.MaxChecksPerRequest = 2;
        },
        controllers: [typeof(MixedController)],
        endpoints: app =>
        {
            app.MapPost("/minimal/text-first", ([FromForm] string title, IFormFileCollection voices) => Results.Ok())
                .WithMsgSecCheck("title")
                .WithMediaSecCheck("voices", WeChatMediaType.Audio)
                .DisableAntiforgery();
            app.MapPost("/minimal/media-first", ([FromForm] string title, IFormFileCollection voices) => Results.Ok())
                .WithMediaSecCheck("voices", WeChatMediaType.Audio)
                .WithMsgSecCheck("title")
                .DisableAntiforgery();
            app.MapPost("/minimal/titled-photos", ([FromForm] string title, IFormFileCollection photos) => Results.Ok())
                .WithMsgSecCheck("title")
                .WithImgSecCheck("photos")
                .DisableAntiforgery();
        });

    // Distinct bytes in each file, so that each would be a submission of its own.
    private static MultipartFormDataContent Form(string title, int voices)
    {
        var form = new MultipartFormDataContent { { new StringContent(title), "title" } };
        for (var i = 0; i < voices; i++)
        {
            var name = "voice" + i.ToString(CultureInfo.InvariantCulture);
            form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes(name)), "voices", name + ".mp3");
        }

        return form;
    }

    [Route("mixed")]
    public sealed class MixedController : Controller
    {
        [HttpPost("post")]
        [MsgSecCheck("title")]
        [MediaSecCheck("voices", WeChatMediaType.Audio)]
        public IActionResult Post(string title, List<IFormFile> voices) => Ok();

        [HttpPost("photos")]
        [MsgSecCheck("title")]
        [ImgSecCheck("photos")]
        public IActionResult Photos(string title, List<IFormFile> photos) => Ok();
    }
}
