using AspNetCore.WeChatSecurity.TestData;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.Benchmarks.Images;

/// <summary>
/// Bringing an image within WeChat's limits (750x1334, 1 MB) with the SkiaSharp resizer: a 12 MP phone JPEG decoded at
/// a reduced scale, against the same JPEG decoded at full size and then scaled (same sampling, same JPEG quality); and
/// a 2 MP PNG with transparency, which PNG's codec cannot decode at a reduced scale.
/// </summary>
/// <remarks>
/// The allocated column counts managed memory only: SkiaSharp's pixel buffers are native. The decoded buffer of each
/// path is width x height x 4 bytes: 1000x750 (3 MB) at a quarter scale, 4000x3000 (48 MB) at full size.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ImageResizeBenchmarks
{
    private const long MaxBytes = 1024 * 1024;

    private byte[] _jpeg = [];
    private byte[] _png = [];
    private ServiceProvider? _services;
    private IWeChatImageResizer? _resizer;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = PhonePhotos.TwelveMegapixels();
        _png = BenchmarkImages.TransparentPng();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx0000000000000000";
            o.AppSecret = "00000000000000000000000000000000";
        }).AddSkiaSharpImageResizer();
        _services = services.BuildServiceProvider();
        _resizer = _services.GetRequiredService<IWeChatImageResizer>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Jpeg12MP")]
    public byte[] FullDecodeThenScale()
    {
        using var decoded = SKBitmap.Decode(_jpeg) ?? throw new InvalidOperationException("The photo did not decode.");
        using var scaled = new SKBitmap(new SKImageInfo(750, 563, SKColorType.Rgba8888, SKAlphaType.Opaque));
        decoded.ScalePixels(scaled, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var pixmap = scaled.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(85, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return data?.ToArray() ?? throw new InvalidOperationException("The copy did not encode.");
    }

    [Benchmark]
    [BenchmarkCategory("Jpeg12MP")]
    public ReadOnlyMemory<byte> ReducedScaleDecode() => Resize(_jpeg);

    [Benchmark]
    [BenchmarkCategory("Png2MP")]
    public ReadOnlyMemory<byte> TransparentPngResize() => Resize(_png);

    private ReadOnlyMemory<byte> Resize(byte[] image) =>
        _resizer!.ResizeAsync(image, 750, 1334, MaxBytes, CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
