using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>
/// Stand-in with the real XxHash128's signature so the verdicts branch builds on its own; replaced by the real
/// implementation when the branches are merged.
/// </summary>
internal sealed class XxHash128
{
    private XxHash128()
    {
    }

    public static UInt128 HashToUInt128(ReadOnlySpan<byte> source, long seed = 0)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> seedBytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(seedBytes, seed);
        sha.AppendData(seedBytes);
        sha.AppendData(source);
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return new UInt128(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }
}
