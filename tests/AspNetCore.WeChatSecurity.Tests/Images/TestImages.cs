using System.Buffers.Binary;
using AspNetCore.WeChatSecurity.TestData;

namespace AspNetCore.WeChatSecurity.Tests.Images;

/// <summary>Hand-built image headers: enough for the sniffer, padded to any size.</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height, int totalBytes = 64) => PngHeaders.Create(width, height, totalBytes);

    public static byte[] Gif(int width, int height, int totalBytes = 32)
    {
        var bytes = new byte[Math.Max(totalBytes, 13)];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>SOI, APP0 (JFIF), a comment, fill bytes, then the frame header and SOS.</summary>
    public static byte[] Jpeg(int width, int height, byte frameMarker = 0xC0, int totalBytes = 0)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xFE, 0x00, 0x06, (byte)'h', (byte)'i', (byte)'!', (byte)'!']);
        bytes.AddRange([0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00]); // a DHT before the frame: in the SOF range, but not a frame
        bytes.AddRange([0xFF, 0xFF, frameMarker, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange(new byte[9]);
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x08]);
        while (bytes.Count < totalBytes)
        {
            bytes.Add(0);
        }

        return [.. bytes];
    }
}
