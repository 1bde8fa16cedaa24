using System.Security.Cryptography;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>The large generated images, made once per test run: a 12-megapixel JPEG takes about a second to make.</summary>
internal static class Photos
{
    private static readonly Lazy<byte[]> Upright = new(() => GeneratedImages.Photo(4000, 3000));

    /// <summary>A 4000x3000 phone photo of about 5 MB, stored sideways with EXIF orientation 6 (turn 90° clockwise to view).</summary>
    public static byte[] Sideways => field ??= GeneratedImages.WithExifOrientation(Upright.Value, 6);

    /// <summary>The same photo without orientation: other bytes, so another cache key.</summary>
    public static byte[] Landscape => Upright.Value;

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
