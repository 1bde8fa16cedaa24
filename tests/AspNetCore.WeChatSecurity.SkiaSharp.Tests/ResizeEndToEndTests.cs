using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>
/// Uploads through <see cref="ImgSecCheckAttribute"/> on the emulator: what WeChat receives (counted and decoded from
/// the emulator's log), what the client gets, and what the action receives.
/// </summary>
public sealed class ResizeEndToEndTests
{
    private const int MaxBytes = 1024 * 1024;

    [Fact]
    public async Task PhonePhoto_IsCheckedOnceAsAnUprightCopyWithinTheLimits_AndTheActionGetsTheOriginal()
    {
        await using var app = await ResizingApp.StartAsync();
        var photo = Photos.Sideways;
        Assert.InRange(photo.Length, 4_000_000, MaxBytes * 10);

        using var response = await app.UploadAsync(photo);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ResizingApp.ReadJsonAsync(response);
        Assert.Equal(photo.Length, body.GetProperty("length").GetInt64());
        Assert.Equal(Photos.Sha256(photo), body.GetProperty("sha256").GetString());

        Assert.Equal(1, app.ImageCalls);
        var sent = app.LastImageRequest;
        Assert.Equal("image/jpeg", sent.PartContentType);
        Assert.Equal("image.jpg", sent.PartFileName);
        Assert.InRange(sent.PartContent.Length, 1, MaxBytes);
        using var codec = SKCodec.Create(SKData.CreateCopy(sent.PartContent.Span));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);

        // Stored 4000x3000 sideways is 3000x4000 upright; into 750x1334 that is 750x1000.
        using var copy = GeneratedImages.Decode(sent.PartContent.Span);
        Assert.Equal((750, 1000), (copy.Width, copy.Height));

        // The stored top-left corner is the upright top-right corner after a quarter turn clockwise.
        Assert.True(GeneratedImages.IsMarker(copy.GetPixel(copy.Width - 20, 20)));
        Assert.False(GeneratedImages.IsMarker(copy.GetPixel(20, 20)));
        Assert.False(GeneratedImages.IsMarker(copy.GetPixel(copy.Width - 20, copy.Height - 20)));
    }

    [Fact]
    public async Task SamePhotoAgain_IsNeitherResizedNorSent()
    {
        await using var app = await ResizingApp.StartAsync();

        using var first = await app.UploadAsync(Photos.Landscape);
        using var second = await app.UploadAsync(Photos.Landscape);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, app.Resizes);
        Assert.Equal(1, app.ImageCalls);
        using var copy = GeneratedImages.Decode(app.LastImageRequest.PartContent.Span);
        Assert.Equal((750, 563), (copy.Width, copy.Height));
        Assert.True(GeneratedImages.IsMarker(copy.GetPixel(20, 20)));
    }

    [Fact]
    public async Task RiskyPhoto_Is422KeyedByTheField()
    {
        await using var app = await ResizingApp.StartAsync();
        var photo = Photos.Sideways;

        // The emulator judges the copy it receives: mark the copy this photo becomes as risky.
        var resizer = app.App.Services.GetRequiredService<IWeChatImageResizer>();
        var copy = await resizer.ResizeAsync(photo, 750, 1334, MaxBytes, CancellationToken.None);
        app.Emulator.Options.RiskyMediaSha256.Add(Photos.Sha256(copy.Span));

        using var response = await app.UploadAsync(photo);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ResizingApp.ReadJsonAsync(response);
        Assert.Equal(["avatar"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.Equal(1, app.ImageCalls);
        Assert.Equal(copy.ToArray(), app.LastImageRequest.PartContent.ToArray());
    }

    [Fact]
    public async Task LargePngWithTransparency_StaysPng_AndKeepsItsTransparentPixels()
    {
        await using var app = await ResizingApp.StartAsync();
        var png = GeneratedImages.TransparentPng(3000, 2000);

        using var response = await app.UploadAsync(png, "logo.png", "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var copy = DecodeSentCopy(app, "image/png");
        Assert.Equal((750, 500), (copy.Width, copy.Height));
        Assert.Equal(0, copy.GetPixel(700, 250).Alpha);
        Assert.Equal(255, copy.GetPixel(200, 250).Alpha);
        Assert.True(GeneratedImages.IsMarker(copy.GetPixel(20, 20)));
    }

    [Fact]
    public async Task AnimatedGif_IsCheckedByItsFirstFrame()
    {
        await using var app = await ResizingApp.StartAsync();
        var gif = GeneratedImages.AnimatedGif(800, 1400, GeneratedImages.Marker, new SKColor(0, 0, 255));

        using var response = await app.UploadAsync(gif, "wave.gif", "image/gif");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var copy = DecodeSentCopy(app, "image/jpeg");
        Assert.Equal((750, 1313), (copy.Width, copy.Height));
        Assert.True(GeneratedImages.IsMarker(copy.GetPixel(375, 656)));
    }

    [Fact]
    public async Task OnePixelWideStrip_IsCutToTheMaximumHeight_AndStaysOnePixelWide()
    {
        await using var app = await ResizingApp.StartAsync();
        var strip = GeneratedImages.Png(1, 30000, new SKColor(0, 128, 255));

        using var response = await app.UploadAsync(strip, "strip.png", "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var copy = DecodeSentCopy(app, "image/jpeg");
        Assert.Equal((1, 1334), (copy.Width, copy.Height));
        Assert.Equal(1, app.ImageCalls);
    }

    [Fact]
    public async Task HeaderClaimingTenGigapixels_Is413_BeforeAnythingIsDecoded()
    {
        await using var app = await ResizingApp.StartAsync();
        var bomb = GeneratedImages.PngHeader(100_000, 100_000, new byte[1000]);

        using var response = await app.UploadAsync(bomb, "bomb.png", "image/png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ResizingApp.ReadJsonAsync(response);
        var message = problem.GetProperty("errors").GetProperty("avatar")[0].GetString();
        Assert.Contains("100000x100000 pixels", message, StringComparison.Ordinal);
        Assert.Contains("40,000,000 pixels", message, StringComparison.Ordinal);
        Assert.Equal(0, app.Resizes);
        Assert.Equal(0, app.ImageCalls);
    }

    [Fact]
    public async Task TruncatedPhoto_Is400_EveryTime_WithoutACall()
    {
        await using var app = await ResizingApp.StartAsync();
        var truncated = Photos.Landscape[..(Photos.Landscape.Length / 2)];

        using var first = await app.UploadAsync(truncated);
        using var second = await app.UploadAsync(truncated);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var problem = await ResizingApp.ReadJsonAsync(first);
        Assert.Contains("truncated", problem.GetProperty("errors").GetProperty("avatar")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.ImageCalls);
    }

    [Fact]
    public async Task BytesThatOnlyStartLikeAPng_Are400_WithoutACall()
    {
        await using var app = await ResizingApp.StartAsync();
        var noise = new byte[50_000];
        new Random(7).NextBytes(noise);
        var fake = GeneratedImages.PngHeader(2000, 2000, noise);

        using var response = await app.UploadAsync(fake, "fake.png", "image/png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ResizingApp.ReadJsonAsync(response);
        Assert.Contains("PNG", problem.GetProperty("errors").GetProperty("avatar")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.ImageCalls);
    }

    /// <summary>The copy WeChat received last, once it is of <paramref name="contentType"/> and within WeChat's size limit.</summary>
    private static SKBitmap DecodeSentCopy(ResizingApp app, string contentType)
    {
        var sent = app.LastImageRequest;
        Assert.Equal(contentType, sent.PartContentType);
        Assert.InRange(sent.PartContent.Length, 1, MaxBytes);
        return GeneratedImages.Decode(sent.PartContent.Span);
    }
}
