using System.Buffers.Binary;

namespace AspNetCore.WeChatSecurity.TestData;

/// <summary>
/// A PNG signature and IHDR chunk claiming any dimensions, then zero padding: enough for a sniffer, no real pixels.
/// Shared as a linked source file by the library's, the sample's and the SkiaSharp tests.
/// </summary>
internal static class PngHeaders
{
    /// <summary>The signature and the IHDR chunk, whose CRC (the last 4 bytes) is left zero.</summary>
    public const int Length = 33;

    /// <summary>A header claiming <paramref name="width"/>x<paramref name="height"/> (8-bit RGBA), padded to <paramref name="totalBytes"/>.</summary>
    public static byte[] Create(int width, int height, int totalBytes)
    {
        var bytes = new byte[Math.Max(totalBytes, Length)];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8; // bit depth
        bytes[25] = 6; // RGBA
        return bytes;
    }
}
