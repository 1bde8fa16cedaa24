using System.Buffers.Binary;
using SkiaSharp;

namespace CommentsApi.Tests;

/// <summary>Images the sample's avatar endpoint is sent.</summary>
internal static class SampleImages
{
    /// <summary>A PNG signature and IHDR chunk, then zero padding up to <paramref name="totalBytes"/>: enough for the sniffer.</summary>
    public static byte[] Png(int width, int height, int totalBytes)
    {
        var bytes = new byte[Math.Max(totalBytes, 33)];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8;
        bytes[25] = 6;
        return bytes;
    }

    /// <summary>
    /// A 4000x3000 JPEG of about 5 MB, as a phone takes it: gradients and sensor-like noise that JPEG cannot make small.
    /// Seeded, so the same bytes on every run.
    /// </summary>
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

    public static MultipartFormDataContent Upload(string field, string fileName, byte[] content, string contentType = "image/png")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, field, fileName } };
    }
}
