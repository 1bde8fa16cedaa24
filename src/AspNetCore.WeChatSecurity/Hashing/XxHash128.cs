using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static AspNetCore.WeChatSecurity.Hashing.XxHash3Constants;
using static AspNetCore.WeChatSecurity.Hashing.XxHash3Mixer;

namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>
/// XXH3-128, shaped like <c>System.IO.Hashing.XxHash128</c> so that package can take its place by changing a
/// <c>using</c>. Canonical bytes are the high half then the low half, each big-endian.
/// </summary>
internal sealed class XxHash128
{
    private const int HashSize = 16;

    private readonly XxHash3State _state;

    internal XxHash128(long seed = 0) => _state = new XxHash3State((ulong)seed);

    internal int HashLengthInBytes { get; } = HashSize;

    internal static byte[] Hash(ReadOnlySpan<byte> source, long seed = 0)
    {
        byte[] result = new byte[HashSize];
        WriteCanonical(result, HashToUInt128(source, seed));
        return result;
    }

    internal static int Hash(ReadOnlySpan<byte> source, Span<byte> destination, long seed = 0)
    {
        if (!TryHash(source, destination, out int bytesWritten, seed))
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        return bytesWritten;
    }

    internal static bool TryHash(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten, long seed = 0)
    {
        if (destination.Length < HashSize)
        {
            bytesWritten = 0;
            return false;
        }

        WriteCanonical(destination, HashToUInt128(source, seed));
        bytesWritten = HashSize;
        return true;
    }

    internal static UInt128 HashToUInt128(ReadOnlySpan<byte> source, long seed = 0) =>
        source.Length <= MidSizeMax
            ? HashMidSize(source, (ulong)seed)
            : XxHash3LongInput.Hash128(source, (ulong)seed, XxHash3Accumulator.BestPath);

    internal void Append(ReadOnlySpan<byte> source) => _state.Append(source);

    internal void Reset() => _state.Reset();

    internal byte[] GetCurrentHash()
    {
        byte[] result = new byte[HashSize];
        WriteCanonical(result, GetCurrentHashAsUInt128());
        return result;
    }

    internal int GetCurrentHash(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        WriteCanonical(destination, GetCurrentHashAsUInt128());
        return HashSize;
    }

    internal UInt128 GetCurrentHashAsUInt128() =>
        _state.IsMidSize ? HashMidSize(_state.BufferedInput, _state.Seed) : _state.DigestLong128();

    private static void WriteCanonical(Span<byte> destination, UInt128 hash)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)(hash >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], (ulong)hash);
    }

    private static UInt128 HashMidSize(ReadOnlySpan<byte> source, ulong seed)
    {
        ref byte input = ref MemoryMarshal.GetReference(source);
        ref byte secret = ref MemoryMarshal.GetReference(XxHash3Secret.Default);
        int length = source.Length;
        return length switch
        {
            0 => new UInt128(
                AvalancheXxh64(seed ^ ReadUInt64(ref secret, 80) ^ ReadUInt64(ref secret, 88)),
                AvalancheXxh64(seed ^ ReadUInt64(ref secret, 64) ^ ReadUInt64(ref secret, 72))),
            <= 3 => Hash1To3(ref input, length, ref secret, seed),
            <= 8 => Hash4To8(ref input, length, ref secret, seed),
            <= 16 => Hash9To16(ref input, length, ref secret, seed),
            <= 128 => Hash17To128(ref input, length, ref secret, seed),
            _ => Hash129To240(ref input, length, ref secret, seed),
        };
    }

    private static UInt128 Hash1To3(ref byte input, int length, ref byte secret, ulong seed)
    {
        uint combinedLow = ((uint)input << 16)
            | ((uint)Unsafe.Add(ref input, length >> 1) << 24)
            | Unsafe.Add(ref input, length - 1)
            | ((uint)length << 8);
        uint combinedHigh = BitOperations.RotateLeft(BinaryPrimitives.ReverseEndianness(combinedLow), 13);
        ulong bitflipLow = (ReadUInt32(ref secret, 0) ^ ReadUInt32(ref secret, 4)) + seed;
        ulong bitflipHigh = (ReadUInt32(ref secret, 8) ^ ReadUInt32(ref secret, 12)) - seed;
        return new UInt128(AvalancheXxh64(combinedHigh ^ bitflipHigh), AvalancheXxh64(combinedLow ^ bitflipLow));
    }

    private static UInt128 Hash4To8(ref byte input, int length, ref byte secret, ulong seed)
    {
        seed ^= (ulong)BinaryPrimitives.ReverseEndianness((uint)seed) << 32;
        ulong first = ReadUInt32(ref input, 0);
        ulong last = ReadUInt32(ref input, length - 4);
        ulong bitflip = (ReadUInt64(ref secret, 16) ^ ReadUInt64(ref secret, 24)) + seed;
        ulong keyed = (first | (last << 32)) ^ bitflip;

        ulong high = Math.BigMul(keyed, Prime64_1 + ((ulong)length << 2), out ulong low);
        high += low << 1;
        low ^= high >> 3;
        low ^= low >> 35;
        low *= PrimeMx2;
        low ^= low >> 28;
        return new UInt128(Avalanche(high), low);
    }

    private static UInt128 Hash9To16(ref byte input, int length, ref byte secret, ulong seed)
    {
        ulong bitflipLow = (ReadUInt64(ref secret, 32) ^ ReadUInt64(ref secret, 40)) - seed;
        ulong bitflipHigh = (ReadUInt64(ref secret, 48) ^ ReadUInt64(ref secret, 56)) + seed;
        ulong inputLow = ReadUInt64(ref input, 0);
        ulong inputHigh = ReadUInt64(ref input, length - 8);

        ulong high = Math.BigMul(inputLow ^ inputHigh ^ bitflipLow, Prime64_1, out ulong low);
        low += (ulong)(length - 1) << 54;
        inputHigh ^= bitflipHigh;
        // The reference adds lo32(inputHigh) * PRIME32_2 and hi32(inputHigh) << 32; this is the same sum.
        high += inputHigh + ((inputHigh & 0xFFFFFFFF) * (Prime32_2 - 1));
        low ^= BinaryPrimitives.ReverseEndianness(high);

        // (high:low) * PRIME64_2 modulo 2^128.
        ulong resultHigh = Math.BigMul(low, Prime64_2, out ulong resultLow);
        resultHigh += high * Prime64_2;
        return new UInt128(Avalanche(resultHigh), Avalanche(resultLow));
    }

    private static UInt128 Hash17To128(ref byte input, int length, ref byte secret, ulong seed)
    {
        ulong accLow = (ulong)length * Prime64_1;
        ulong accHigh = 0;
        // Unlike XXH3-64 the xors make the order matter: innermost pair first, as the reference does.
        for (int i = (length - 1) >> 5; i >= 0; i--)
        {
            Mix32Bytes(ref accLow, ref accHigh, ref input, 16 * i, length - 16 - (16 * i), ref secret, 32 * i, seed);
        }

        return Finalize(accLow, accHigh, length, seed);
    }

    private static UInt128 Hash129To240(ref byte input, int length, ref byte secret, ulong seed)
    {
        ulong accLow = (ulong)length * Prime64_1;
        ulong accHigh = 0;
        for (int i = 0; i < 4; i++)
        {
            Mix32Bytes(ref accLow, ref accHigh, ref input, 32 * i, (32 * i) + 16, ref secret, 32 * i, seed);
        }

        accLow = Avalanche(accLow);
        accHigh = Avalanche(accHigh);
        int chunks = length >> 5;
        for (int i = 4; i < chunks; i++)
        {
            Mix32Bytes(ref accLow, ref accHigh, ref input, 32 * i, (32 * i) + 16, ref secret, (32 * (i - 4)) + 3, seed);
        }

        // The last 32 bytes, halves swapped and the seed negated.
        Mix32Bytes(ref accLow, ref accHigh, ref input, length - 16, length - 32, ref secret, 103, 0 - seed);
        return Finalize(accLow, accHigh, length, seed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix32Bytes(
        ref ulong accLow, ref ulong accHigh, ref byte input, nint first, nint second, ref byte secret, nint secretOffset, ulong seed)
    {
        accLow += Mix16Bytes(ref input, first, ref secret, secretOffset, seed);
        accLow ^= ReadUInt64(ref input, second) + ReadUInt64(ref input, second + 8);
        accHigh += Mix16Bytes(ref input, second, ref secret, secretOffset + 16, seed);
        accHigh ^= ReadUInt64(ref input, first) + ReadUInt64(ref input, first + 8);
    }

    private static UInt128 Finalize(ulong accLow, ulong accHigh, int length, ulong seed)
    {
        ulong low = accLow + accHigh;
        ulong high = (accLow * Prime64_1) + (accHigh * Prime64_4) + (((ulong)length - seed) * Prime64_2);
        return new UInt128(0 - Avalanche(high), Avalanche(low));
    }
}
