namespace AspNetCore.WeChatSecurity.Tests.Hashing;

/// <summary>The input buffer and seeds of xxHash's own sanity check (cli/xsum_sanity_check.c).</summary>
internal static class XxHashSanityData
{
    internal const ulong Prime32 = 2654435761;
    internal const ulong Prime64 = 11400714785074694797;

    /// <summary>PRIME64 as the <c>long</c> seed the API takes (negative).</summary>
    internal const long Prime64Seed = unchecked((long)Prime64);

    /// <summary>2367 bytes: byte i is the top byte of PRIME32 * PRIME64^i (mod 2^64).</summary>
    internal static readonly byte[] Buffer = CreateBuffer(2367);

    internal static byte[] CreateBuffer(int length)
    {
        byte[] buffer = new byte[length];
        ulong generator = Prime32;
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)(generator >> 56);
            generator *= Prime64;
        }

        return buffer;
    }

    internal static ReadOnlySpan<byte> Input(int length) => Buffer.AsSpan(0, length);
}
