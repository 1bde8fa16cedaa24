using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static AspNetCore.WeChatSecurity.Hashing.XxHash3Constants;
using static AspNetCore.WeChatSecurity.Hashing.XxHash3Mixer;

namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>
/// XXH3-64, shaped like <c>System.IO.Hashing.XxHash3</c> so that package can take its place by changing a
/// <c>using</c>. Canonical bytes are the hash big-endian.
/// </summary>
internal sealed class XxHash3
{
    private const int HashSize = sizeof(ulong);

    private readonly XxHash3State _state;

    internal XxHash3(long seed = 0) => _state = new XxHash3State((ulong)seed);

    internal int HashLengthInBytes { get; } = HashSize;

    internal static byte[] Hash(ReadOnlySpan<byte> source, long seed = 0)
    {
        byte[] result = new byte[HashSize];
        BinaryPrimitives.WriteUInt64BigEndian(result, HashToUInt64(source, seed));
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

        BinaryPrimitives.WriteUInt64BigEndian(destination, HashToUInt64(source, seed));
        bytesWritten = HashSize;
        return true;
    }

    internal static ulong HashToUInt64(ReadOnlySpan<byte> source, long seed = 0) =>
        source.Length <= MidSizeMax
            ? HashMidSize(source, (ulong)seed)
            : XxHash3LongInput.Hash64(source, (ulong)seed, XxHash3Accumulator.BestPath);

    internal void Append(ReadOnlySpan<byte> source) => _state.Append(source);

    internal void Reset() => _state.Reset();

    internal byte[] GetCurrentHash()
    {
        byte[] result = new byte[HashSize];
        BinaryPrimitives.WriteUInt64BigEndian(result, GetCurrentHashAsUInt64());
        return result;
    }

    internal int GetCurrentHash(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, GetCurrentHashAsUInt64());
        return HashSize;
    }

    internal ulong GetCurrentHashAsUInt64() =>
        _state.IsMidSize ? HashMidSize(_state.BufferedInput, _state.Seed) : _state.DigestLong64();

    private static ulong HashMidSize(ReadOnlySpan<byte> source, ulong seed)
    {
        ref byte input = ref MemoryMarshal.GetReference(source);
        ref byte secret = ref MemoryMarshal.GetReference(XxHash3Secret.Default);
        int length = source.Length;
        return length switch
        {
            0 => AvalancheXxh64(seed ^ ReadUInt64(ref secret, 56) ^ ReadUInt64(ref secret, 64)),
            <= 3 => Hash1To3(ref input, length, ref secret, seed),
            <= 8 => Hash4To8(ref input, length, ref secret, seed),
            <= 16 => Hash9To16(ref input, length, ref secret, seed),
            <= 128 => Hash17To128(ref input, length, ref secret, seed),
            _ => Hash129To240(ref input, length, ref secret, seed),
        };
    }

    private static ulong Hash1To3(ref byte input, int length, ref byte secret, ulong seed)
    {
        uint combined = ((uint)input << 16)
            | ((uint)Unsafe.Add(ref input, length >> 1) << 24)
            | Unsafe.Add(ref input, length - 1)
            | ((uint)length << 8);
        ulong bitflip = (ReadUInt32(ref secret, 0) ^ ReadUInt32(ref secret, 4)) + seed;
        return AvalancheXxh64(combined ^ bitflip);
    }

    private static ulong Hash4To8(ref byte input, int length, ref byte secret, ulong seed)
    {
        seed ^= (ulong)BinaryPrimitives.ReverseEndianness((uint)seed) << 32;
        ulong first = ReadUInt32(ref input, 0);
        ulong last = ReadUInt32(ref input, length - 4);
        ulong bitflip = (ReadUInt64(ref secret, 8) ^ ReadUInt64(ref secret, 16)) - seed;
        return RotateMultiplyXorShift((last | (first << 32)) ^ bitflip, (ulong)length);
    }

    private static ulong Hash9To16(ref byte input, int length, ref byte secret, ulong seed)
    {
        ulong bitflipLow = (ReadUInt64(ref secret, 24) ^ ReadUInt64(ref secret, 32)) + seed;
        ulong bitflipHigh = (ReadUInt64(ref secret, 40) ^ ReadUInt64(ref secret, 48)) - seed;
        ulong low = ReadUInt64(ref input, 0) ^ bitflipLow;
        ulong high = ReadUInt64(ref input, length - 8) ^ bitflipHigh;
        ulong acc = (ulong)length + BinaryPrimitives.ReverseEndianness(low) + high + MultiplyFold64(low, high);
        return Avalanche(acc);
    }

    private static ulong Hash17To128(ref byte input, int length, ref byte secret, ulong seed)
    {
        // Pairs of 16-byte chunks from both ends, innermost pair first; addition makes the order irrelevant here.
        ulong acc = (ulong)length * Prime64_1;
        for (int i = (length - 1) >> 5; i >= 0; i--)
        {
            acc += Mix16Bytes(ref input, 16 * i, ref secret, 32 * i, seed);
            acc += Mix16Bytes(ref input, length - 16 - (16 * i), ref secret, (32 * i) + 16, seed);
        }

        return Avalanche(acc);
    }

    private static ulong Hash129To240(ref byte input, int length, ref byte secret, ulong seed)
    {
        ulong acc = (ulong)length * Prime64_1;
        for (int i = 0; i < 8; i++)
        {
            acc += Mix16Bytes(ref input, 16 * i, ref secret, 16 * i, seed);
        }

        acc = Avalanche(acc);
        int chunks = length >> 4;
        for (int i = 8; i < chunks; i++)
        {
            acc += Mix16Bytes(ref input, 16 * i, ref secret, (16 * (i - 8)) + 3, seed);
        }

        acc += Mix16Bytes(ref input, length - 16, ref secret, 119, seed);
        return Avalanche(acc);
    }
}
