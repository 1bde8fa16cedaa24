using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.Benchmarks.Images;

/// <summary>Seeded images for the resize benchmarks beside the phone photo: a screenshot-like PNG with transparency.</summary>
internal static class BenchmarkImages
{
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
