using AspNetCore.WeChatSecurity.SkiaSharp.Resizing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>The resizer on its own, on real SkiaSharp: orientation, sizes, byte budget, decoding scale, concurrency.</summary>
public sealed class SkiaSharpImageResizerTests
{
    private const long OneMegabyte = 1024 * 1024;

    public static TheoryData<ushort> Orientations => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Orientations))]
    public async Task EveryExifOrientation_PutsTheMarkerWhereSkiasOwnUprightDecodeDoes(ushort orientation)
    {
        using var host = new ResizerHost();
        var jpeg = GeneratedImages.WithExifOrientation(GeneratedImages.Photo(400, 200, markerSize: 40, noise: 0), orientation);

        var copy = await host.Resizer.ResizeAsync(jpeg, 1000, 1000, OneMegabyte, CancellationToken.None);

        // SKImage.FromEncodedData turns the pixels by the EXIF orientation itself: the reference for where each corner goes.
        using var reference = SKImage.FromEncodedData(jpeg);
        using var upright = SKBitmap.FromImage(reference);
        using var resized = GeneratedImages.Decode(copy.Span);
        Assert.Equal((upright.Width, upright.Height), (resized.Width, resized.Height));
        Assert.Equal(orientation >= 5 ? (200, 400) : (400, 200), (resized.Width, resized.Height));
        foreach (var (x, y) in Corners(resized.Width, resized.Height))
        {
            Assert.Equal(GeneratedImages.IsMarker(upright.GetPixel(x, y)), GeneratedImages.IsMarker(resized.GetPixel(x, y)));
        }

        Assert.Equal(1, Corners(resized.Width, resized.Height).Count(corner => GeneratedImages.IsMarker(resized.GetPixel(corner.X, corner.Y))));
    }

    [Fact]
    public async Task SmallImage_IsNeverEnlarged()
    {
        using var host = new ResizerHost();
        var png = GeneratedImages.Png(300, 200, new SKColor(10, 20, 30));

        var copy = await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None);

        using var resized = GeneratedImages.Decode(copy.Span);
        Assert.Equal((300, 200), (resized.Width, resized.Height));
    }

    [Fact]
    public async Task NoisyPhoto_OverTheByteLimit_FitsByLowerQualityThenFewerPixels()
    {
        var photo = GeneratedImages.Photo(1500, 1000, quality: 100, noise: 60);
        long atLowestQuality;
        using (var lowest = new ResizerHost(resizer: o => o.JpegQuality = o.MinimumJpegQuality))
        {
            atLowestQuality = (await lowest.Resizer.ResizeAsync(photo, 750, 1334, OneMegabyte, CancellationToken.None)).Length;
        }

        using var host = new ResizerHost();
        var belowLowestQuality = atLowestQuality / 2;

        var copy = await host.Resizer.ResizeAsync(photo, 750, 1334, belowLowestQuality, CancellationToken.None);

        Assert.InRange(copy.Length, 1, belowLowestQuality);
        using var resized = GeneratedImages.Decode(copy.Span);
        Assert.InRange(resized.Width, 1, 749);
        Assert.Equal(1.5, (double)resized.Width / resized.Height, 2);
    }

    [Fact]
    public async Task ImpossibleByteLimit_Is413_AfterTheBoundedNumberOfEncodings()
    {
        using var host = new ResizerHost(resizer: o => o.MaxEncodeAttempts = 3);
        var photo = GeneratedImages.Photo(1500, 1000, noise: 60);

        var refused = await Assert.ThrowsAsync<WeChatInvalidContentException>(
            async () => await host.Resizer.ResizeAsync(photo, 750, 1334, 100, CancellationToken.None));

        Assert.Equal(WeChatInvalidContentReason.TooLarge, refused.Reason);
        Assert.Contains("in 3 encodings", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageOverThePixelBudget_Is413_FromTheHeader()
    {
        using var host = new ResizerHost(options: o => o.Images.MaxResizablePixels = 1_000_000);
        var png = GeneratedImages.Png(1001, 1000, SKColors.White);

        var refused = await Assert.ThrowsAsync<WeChatInvalidContentException>(
            async () => await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None));

        Assert.Equal(WeChatInvalidContentReason.TooLarge, refused.Reason);
        Assert.Contains("1001x1000 pixels", refused.Message, StringComparison.Ordinal);
    }

    // The pixel budget bounds the memory of each resize: lowered by a reload, the next resize is held to it.
    [Fact]
    public async Task PixelBudget_LoweredByAReload_RefusesAnImageResizedBefore()
    {
        using var host = new ResizerHost();
        var png = GeneratedImages.Png(1001, 1000, SKColors.White);

        await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None);
        host.Configuration["WeChatSecurity:Images:MaxResizablePixels"] = "1000000";
        host.Configuration.Reload();
        var refused = await Assert.ThrowsAsync<WeChatInvalidContentException>(
            async () => await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None));

        Assert.Equal(WeChatInvalidContentReason.TooLarge, refused.Reason);
        Assert.Contains("1001x1000 pixels", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedPng_Is400()
    {
        using var host = new ResizerHost();
        var png = GeneratedImages.Png(2000, 2000, SKColors.White);
        png.AsSpan(60, 40).Fill(0x5A);

        var refused = await Assert.ThrowsAsync<WeChatInvalidContentException>(
            async () => await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, refused.Reason);
    }

    [Fact]
    public void TwelveMegapixelJpeg_IsDecodedAtAQuarter_ForA750WideCopy()
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(Photos.Landscape));

        using var decoded = ScaledDecoder.Decode(codec, new SKSizeI(750, 563), "JPEG");

        Assert.Equal((1000, 750), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Png_IsDecodedAtFullSize_ItsCodecCannotScale()
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(GeneratedImages.Png(1600, 1200, SKColors.White)));

        using var decoded = ScaledDecoder.Decode(codec, new SKSizeI(750, 563), "PNG");

        Assert.Equal((1600, 1200), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task ResizesBeyondTheConcurrencyLimit_WaitForAPlace_AndHonourCancellation()
    {
        using var host = new ResizerHost(resizer: o => o.MaxConcurrentResizes = 2);
        var slots = host.Services.GetRequiredService<ResizeSlots>();
        var png = GeneratedImages.Png(800, 800, SKColors.White);
        var first = await slots.EnterAsync(CancellationToken.None);
        var second = await slots.EnterAsync(CancellationToken.None);

        var waiting = host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None).AsTask();
        using var cancellation = new CancellationTokenSource();
        var cancelled = host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, cancellation.Token).AsTask();

        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(waiting.IsCompleted);

        first.Dispose();
        var copy = await waiting;
        Assert.False(copy.IsEmpty);
        second.Dispose();
        Assert.Equal(2, slots.Free);
    }

    [Fact]
    public async Task EachResize_IsLoggedWithItsSizes_AndEachRefusalWithItsReason()
    {
        using var host = new ResizerHost();
        var png = GeneratedImages.Png(1500, 1000, SKColors.White);
        var damaged = png[..(png.Length / 2)];

        await host.Resizer.ResizeAsync(png, 750, 1334, OneMegabyte, CancellationToken.None);
        await Assert.ThrowsAsync<WeChatInvalidContentException>(async () => await host.Resizer.ResizeAsync(damaged, 750, 1334, OneMegabyte, CancellationToken.None));

        var logs = host.Logs.GetSnapshot();
        var resized = Assert.Single(logs, entry => entry.Id.Id == 600);
        Assert.Equal(LogLevel.Debug, resized.Level);
        Assert.Contains($"Resized an image of {png.Length} bytes to a Jpeg of 750x500 pixels", resized.Message, StringComparison.Ordinal);
        var refused = Assert.Single(logs, entry => entry.Id.Id == 601);
        Assert.Equal(LogLevel.Information, refused.Level);
        Assert.Contains($"An image of {damaged.Length} bytes was not resized (Unreadable)", refused.Message, StringComparison.Ordinal);
    }

    private static (int X, int Y)[] Corners(int width, int height) =>
        [(10, 10), (width - 10, 10), (10, height - 10), (width - 10, height - 10)];
}
