using SkiaSharp;

namespace AspNetCore.WeChatSecurity.TestData;

/// <summary>
/// Photos as phones take them, shared as a linked source file by the sample's tests and the benchmarks so that both
/// measure and check the same bytes.
/// </summary>
internal static class PhonePhotos
{
    /// <summary>
    /// A 4000x3000 (12 MP) JPEG of about 5 MB: gradients and sensor-like noise that JPEG cannot make small.
    /// Seeded, so the same bytes on every run.
    /// </summary>
    public static byte[] TwelveMegapixels()
    {
        const int Width = 4000;
        const int Height = 3000;
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(12);
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var x = (i / 4) % Width;
            var y = (i / 4) / Width;
            pixels[i] = (byte)Math.Clamp(60 + (120 * x / Width) + random.Next(-24, 25), 0, 255);
            pixels[i + 1] = (byte)Math.Clamp(100 + (100 * y / Height) + random.Next(-24, 25), 0, 255);
            pixels[i + 2] = (byte)Math.Clamp(150 + random.Next(-24, 25), 0, 255);
            pixels[i + 3] = 255;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }
}
