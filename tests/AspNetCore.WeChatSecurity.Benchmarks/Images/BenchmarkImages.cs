using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.Benchmarks.Images;

/// <summary>Seeded images for the resize benchmarks: a phone photo and a screenshot-like PNG with transparency.</summary>
internal static class BenchmarkImages
{
    /// <summary>A 4000x3000 (12 MP) JPEG of about 5 MB: gradients and sensor-like noise, as a phone photo.</summary>
    public static byte[] PhonePhoto()
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

    /// <summary>A 1600x1250 (2 MP) PNG: shapes and text-like stripes on a partly transparent background.</summary>
    public static byte[] TransparentPng()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(1600, 1250, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        var random = new Random(3);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 400; i++)
            {
                paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(128, 256));
                canvas.DrawRect(random.Next(1600), random.Next(1250), random.Next(10, 200), random.Next(4, 30), paint);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The same JPEG with a comment segment naming <paramref name="label"/>: other bytes (another cache key), the same pixels.</summary>
    public static byte[] WithComment(byte[] jpeg, string label)
    {
        var text = Encoding.ASCII.GetBytes(label);
        var segment = new byte[4 + text.Length];
        segment[0] = 0xFF;
        segment[1] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(text.Length + 2));
        text.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
