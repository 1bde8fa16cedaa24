using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>The scalar building blocks shared by XXH3-64 and XXH3-128: little-endian reads, avalanches, mixing.</summary>
/// <remarks>
/// Reads go through <c>ref byte</c> without bounds checks because the short-input paths are a handful of
/// instructions and a bounds check per read would cost a measurable share of them; every caller derives its
/// offsets from a length it has already checked.
/// </remarks>
internal static class XxHash3Mixer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ReadUInt64(ref byte source, nint offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint ReadUInt32(ref byte source, nint offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    /// <summary>XXH3's own avalanche (<c>XXH3_avalanche</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 37;
        hash *= XxHash3Constants.PrimeMx1;
        return hash ^ (hash >> 32);
    }

    /// <summary>XXH64's avalanche, which XXH3 uses for inputs of 0 to 3 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AvalancheXxh64(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= XxHash3Constants.Prime64_2;
        hash ^= hash >> 29;
        hash *= XxHash3Constants.Prime64_3;
        return hash ^ (hash >> 32);
    }

    /// <summary>The 4-to-8-byte finisher of XXH3-64 (<c>XXH3_rrmxmx</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong RotateMultiplyXorShift(ulong hash, ulong length)
    {
        hash ^= BitOperations.RotateLeft(hash, 49) ^ BitOperations.RotateLeft(hash, 24);
        hash *= XxHash3Constants.PrimeMx2;
        hash ^= (hash >> 35) + length;
        hash *= XxHash3Constants.PrimeMx2;
        return hash ^ (hash >> 28);
    }

    /// <summary>Full 64x64->128 multiply folded to 64 bits by xoring the halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MultiplyFold64(ulong left, ulong right)
    {
        ulong high = Math.BigMul(left, right, out ulong low);
        return low ^ high;
    }

    /// <summary>Mixes 16 bytes of input with 16 bytes of secret and the seed (<c>XXH3_mix16B</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix16Bytes(ref byte input, nint inputOffset, ref byte secret, nint secretOffset, ulong seed) =>
        MultiplyFold64(
            ReadUInt64(ref input, inputOffset) ^ (ReadUInt64(ref secret, secretOffset) + seed),
            ReadUInt64(ref input, inputOffset + 8) ^ (ReadUInt64(ref secret, secretOffset + 8) - seed));

    /// <summary>Folds the eight long-input accumulators into one 64-bit half of the result.</summary>
    internal static ulong MergeAccumulators(ReadOnlySpan<ulong> accumulators, ReadOnlySpan<byte> secret, int secretOffset, ulong start)
    {
        ReadOnlySpan<byte> key = secret.Slice(secretOffset, 64);
        ulong result = start;
        for (int i = 0; i < 4; i++)
        {
            result += MultiplyFold64(
                accumulators[2 * i] ^ BinaryPrimitives.ReadUInt64LittleEndian(key[(16 * i)..]),
                accumulators[(2 * i) + 1] ^ BinaryPrimitives.ReadUInt64LittleEndian(key[((16 * i) + 8)..]));
        }

        return Avalanche(result);
    }
}
