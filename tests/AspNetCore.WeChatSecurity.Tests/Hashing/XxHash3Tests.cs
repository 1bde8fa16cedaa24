using System.Buffers.Binary;
using AspNetCore.WeChatSecurity.Hashing;
using static AspNetCore.WeChatSecurity.Tests.Hashing.XxHashSanityData;

namespace AspNetCore.WeChatSecurity.Tests.Hashing;

public sealed class XxHash3Tests
{
    public static TheoryData<int, ulong, ulong> SanityVectors => new()
    {
        { 0, 0, 0x2D06800538D394C2 },
        { 0, Prime64, 0xA8A6B918B2F0364A },
        { 1, 0, 0xC44BDFF4074EECDB },
        { 1, Prime64, 0x032BE332DD766EF8 },
        { 6, 0, 0x27B56A84CD2D7325 },
        { 6, Prime64, 0x84589C116AB59AB9 },
        { 12, 0, 0xA713DAF0DFBB77E7 },
        { 12, Prime64, 0xE7303E1B2336DE0E },
        { 24, 0, 0xA3FE70BF9D3510EB },
        { 24, Prime64, 0x850E80FC35BDD690 },
        { 48, 0, 0x397DA259ECBA1F11 },
        { 48, Prime64, 0xADC2CBAA44ACC616 },
        { 80, 0, 0xBCDEFBBB2C47C90A },
        { 80, Prime64, 0xC6DD0CB699532E73 },
        { 195, 0, 0xCD94217EE362EC3A },
        { 195, Prime64, 0xBA68003D370CB3D9 },
        { 403, 0, 0xCDEB804D65C6DEA4 },
        { 403, Prime64, 0x6259F6ECFD6443FD },
        { 512, 0, 0x617E49599013CB6B },
        { 512, Prime64, 0x3CE457DE14C27708 },
        { 2048, 0, 0xDD59E2C3A5F038E0 },
        { 2048, Prime64, 0x66F81670669ABABC },
        { 2099, 0, 0xC6B9D9B3FC9AC765 },
        { 2099, Prime64, 0x184F316843663974 },
        { 2240, 0, 0x6E73A90539CF2948 },
        { 2240, Prime64, 0x757BA8487D1B5247 },
        { 2367, 0, 0xCB37AEB9E5D361ED },
        { 2367, Prime64, 0xD2DB3415B942B42A },
    };

    public static TheoryData<int, ulong, ulong, string> LongSanityVectorsOnEveryPath
    {
        get
        {
            TheoryData<int, ulong, ulong, string> data = [];
            foreach (object[] row in SanityVectors)
            {
                if ((int)row[0] > 240)
                {
                    foreach (string path in Enum.GetNames<XxHash3AccumulatorPath>())
                    {
                        data.Add((int)row[0], (ulong)row[1], (ulong)row[2], path);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void HashToUInt64_SanityVector_Matches(int length, ulong seed, ulong expected)
    {
        Assert.Equal(expected, XxHash3.HashToUInt64(Input(length), (long)seed));
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void Streaming_SanityVector_Matches(int length, ulong seed, ulong expected)
    {
        var hash = new XxHash3((long)seed);
        hash.Append(Input(length));

        Assert.Equal(expected, hash.GetCurrentHashAsUInt64());
    }

    [Theory]
    [MemberData(nameof(LongSanityVectorsOnEveryPath))]
    public void LongInput_SanityVectorOnForcedPath_Matches(int length, ulong seed, ulong expected, string path)
    {
        Assert.Equal(expected, XxHash3LongInput.Hash64(Input(length), seed, Enum.Parse<XxHash3AccumulatorPath>(path)));
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void Hash_SanityVector_IsBigEndianCanonicalForm(int length, ulong seed, ulong expected)
    {
        byte[] canonical = XxHash3.Hash(Input(length), (long)seed);

        Assert.Equal(8, canonical.Length);
        Assert.Equal(expected, BinaryPrimitives.ReadUInt64BigEndian(canonical));
    }

    [Fact]
    public void Hash_EmptyInput_WritesMostSignificantByteFirst()
    {
        byte[] expected = [0x2D, 0x06, 0x80, 0x05, 0x38, 0xD3, 0x94, 0xC2];
        Span<byte> destination = stackalloc byte[8];

        Assert.Equal(expected, XxHash3.Hash([]));
        Assert.Equal(8, XxHash3.Hash([], destination));
        Assert.Equal(expected, destination.ToArray());
        Assert.Equal(expected, new XxHash3().GetCurrentHash());
    }

    [Fact]
    public void Hash_DestinationTooSmall_Throws()
    {
        byte[] destination = new byte[7];

        ArgumentException exception = Assert.Throws<ArgumentException>(() => XxHash3.Hash(Input(10), destination));
        Assert.Equal("destination", exception.ParamName);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryHash_DestinationTooSmall_ReturnsFalseAndWritesNothing()
    {
        byte[] destination = new byte[7];

        Assert.False(XxHash3.TryHash(Input(10), destination, out int bytesWritten));
        Assert.Equal(0, bytesWritten);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryHash_DestinationLarger_WritesEightBytesOnly()
    {
        byte[] destination = Enumerable.Repeat((byte)0xAA, 12).ToArray();

        Assert.True(XxHash3.TryHash(Input(403), destination, out int bytesWritten));
        Assert.Equal(8, bytesWritten);
        Assert.Equal(0xCDEB804D65C6DEA4, BinaryPrimitives.ReadUInt64BigEndian(destination));
        Assert.Equal([0xAA, 0xAA, 0xAA, 0xAA], destination[8..]);
    }

    [Fact]
    public void GetCurrentHash_DestinationTooSmall_Throws()
    {
        var hash = new XxHash3();
        hash.Append(Input(10));

        ArgumentException exception = Assert.Throws<ArgumentException>(() => hash.GetCurrentHash(new byte[7]));
        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void GetCurrentHash_Span_WritesCanonicalBytes()
    {
        var hash = new XxHash3(Prime64Seed);
        hash.Append(Input(2099));
        byte[] destination = new byte[8];

        Assert.Equal(8, hash.GetCurrentHash(destination));
        Assert.Equal(0x184F316843663974UL, BinaryPrimitives.ReadUInt64BigEndian(destination));
        Assert.Equal(destination, hash.GetCurrentHash());
        Assert.Equal(8, hash.HashLengthInBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(1500)]
    public void HashToUInt64_DifferentSeeds_DifferentHashes(int length)
    {
        ulong[] hashes = [.. new long[] { 0, 1, -1, long.MinValue, long.MaxValue, Prime64Seed }
            .Select(seed => XxHash3.HashToUInt64(Input(length), seed))];

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void HashToUInt64_NegativeSeed_IsTheSeedAsUnsigned()
    {
        // PRIME64 does not fit a long: callers pass it as a negative seed and get the reference's value.
        Assert.Equal(0x184F316843663974UL, XxHash3.HashToUInt64(Input(2099), -7046029288634856819));
        Assert.Equal(0x84589C116AB59AB9UL, XxHash3.HashToUInt64(Input(6), -7046029288634856819));
    }

    [Fact]
    public void Reset_AfterAppend_HashesAsNewAndKeepsSeed()
    {
        var hash = new XxHash3(Prime64Seed);
        hash.Append(Input(1000));
        hash.Reset();
        hash.Append(Input(80));

        Assert.Equal(0xC6DD0CB699532E73UL, hash.GetCurrentHashAsUInt64());
    }

    [Fact]
    public void GetCurrentHash_MidStream_DoesNotDisturbLaterAppends()
    {
        var hash = new XxHash3();
        int appended = 0;
        foreach (int end in new[] { 100, 240, 241, 700, 1024, 2099 })
        {
            hash.Append(Input(end)[appended..]);
            appended = end;

            Assert.Equal(XxHash3.HashToUInt64(Input(end)), hash.GetCurrentHashAsUInt64());
        }
    }
}
