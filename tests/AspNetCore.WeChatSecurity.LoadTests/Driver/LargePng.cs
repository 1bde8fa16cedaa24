using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// Valid PNGs of a chosen size that WeChat's emulator passes: its safe 2x2 test image with a private ancillary chunk of
/// seeded random bytes after the header, so that every image is distinct (a cache miss) and incompressible.
/// </summary>
internal static class LargePng
{
    // The 8-byte signature and the 25-byte IHDR chunk come first in every PNG.
    private const int HeaderLength = 8 + 25;

    // Ancillary (lowercase first letter), private (lowercase second), safe to copy: decoders skip it.
    private static readonly byte[] PaddingType = Encoding.ASCII.GetBytes("prVt");

    public static byte[] Create(int totalBytes, int seed)
    {
        var safe = WeChatEmulator.SafeTestImage.Span;
        var payloadLength = totalBytes - safe.Length - 12;
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength, nameof(totalBytes));

        var image = new byte[totalBytes];
        safe[..HeaderLength].CopyTo(image);
        var chunk = image.AsSpan(HeaderLength, payloadLength + 12);
        BinaryPrimitives.WriteInt32BigEndian(chunk, payloadLength);
        PaddingType.CopyTo(chunk[4..]);
        new Random(seed).NextBytes(chunk.Slice(8, payloadLength));

        // The chunk's CRC covers its type and data.
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + payloadLength)..], Crc32.HashToUInt32(chunk.Slice(4, payloadLength + 4)));
        safe[HeaderLength..].CopyTo(image.AsSpan(HeaderLength + payloadLength + 12));
        return image;
    }
}
