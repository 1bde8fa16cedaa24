using System.Buffers.Binary;
using AspNetCore.WeChatSecurity.Hashing;
using static AspNetCore.WeChatSecurity.Tests.Hashing.XxHashSanityData;

namespace AspNetCore.WeChatSecurity.Tests.Hashing;

public sealed class XxHash128Tests
{
    public static TheoryData<int, ulong, ulong, ulong> SanityVectors => new()
    {
        { 0, 0, 0x6001C324468D497F, 0x99AA06D3014798D8 },
        { 0, Prime32, 0x5444F7869C671AB0, 0x92220AE55E14AB50 },
        { 1, 0, 0xC44BDFF4074EECDB, 0xA6CD5E9392000F6A },
        { 1, Prime32, 0xB53D5557E7F76F8D, 0x89B99554BA22467C },
        { 6, 0, 0x3E7039BDDA43CFC6, 0x082AFE0B8162D12A },
        { 6, Prime32, 0x269D8F70BE98856E, 0x5A865B5389ABD2B1 },
        { 12, 0, 0x061A192713F69AD9, 0x6E3EFD8FC7802B18 },
        { 12, Prime32, 0x9BE9F9A67F3C7DFB, 0xD7E09D518A3405D3 },
        { 24, 0, 0x1E7044D28B1B901D, 0x0CE966E4678D3761 },
        { 24, Prime32, 0xD7304C54EBAD40A9, 0x3162026714A6A243 },
        { 48, 0, 0xF942219AED80F67B, 0xA002AC4E5478227E },
        { 48, Prime32, 0x7BA3C3E453A1934E, 0x163ADDE36C072295 },
        { 81, 0, 0x5E8BAFB9F95FB803, 0x4952F58181AB0042 },
        { 81, Prime32, 0x703FBB3D7A5F755C, 0x2724EC7ADC750FB6 },
        { 222, 0, 0xF1AEBD597CEC6B3A, 0x337E09641B948717 },
        { 222, Prime32, 0xAE995BB8AF917A8D, 0x91820016621E97F1 },
        { 403, 0, 0xCDEB804D65C6DEA4, 0x1B6DE21E332DD73D },
        { 403, Prime64, 0x6259F6ECFD6443FD, 0xBED311971E0BE8F2 },
        { 512, 0, 0x617E49599013CB6B, 0x18D2D110DCC9BCA1 },
        { 512, Prime64, 0x3CE457DE14C27708, 0x925D06B8EC5B8040 },
        { 2048, 0, 0xDD59E2C3A5F038E0, 0xF736557FD47073A5 },
        { 2048, Prime32, 0x230D43F30206260B, 0x7FB03F7E7186C3EA },
        { 2240, 0, 0x6E73A90539CF2948, 0xCCB134FBFA7CE49D },
        { 2240, Prime32, 0xED385111126FBA6F, 0x50A1FE17B338995F },
        { 2367, 0, 0xCB37AEB9E5D361ED, 0xE89C0F6FF369B427 },
        { 2367, Prime32, 0x6F5360AE69C2F406, 0xD23AAE4B76C31ECB },
    };

    public static TheoryData<int, ulong, ulong, ulong, string> LongSanityVectorsOnEveryPath
    {
        get
        {
            TheoryData<int, ulong, ulong, ulong, string> data = [];
            foreach (object[] row in SanityVectors)
            {
                if ((int)row[0] > 240)
                {
                    foreach (string path in Enum.GetNames<XxHash3AccumulatorPath>())
                    {
                        data.Add((int)row[0], (ulong)row[1], (ulong)row[2], (ulong)row[3], path);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void HashToUInt128_SanityVector_Matches(int length, ulong seed, ulong low, ulong high)
    {
        Assert.Equal(new UInt128(high, low), XxHash128.HashToUInt128(Input(length), (long)seed));
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void Streaming_SanityVector_Matches(int length, ulong seed, ulong low, ulong high)
    {
        var hash = new XxHash128((long)seed);
        hash.Append(Input(length));

        Assert.Equal(new UInt128(high, low), hash.GetCurrentHashAsUInt128());
    }

    [Theory]
    [MemberData(nameof(LongSanityVectorsOnEveryPath))]
    public void LongInput_SanityVectorOnForcedPath_Matches(int length, ulong seed, ulong low, ulong high, string path)
    {
        Assert.Equal(new UInt128(high, low), XxHash3LongInput.Hash128(Input(length), seed, Enum.Parse<XxHash3AccumulatorPath>(path)));
    }

    [Theory]
    [MemberData(nameof(SanityVectors))]
    public void Hash_SanityVector_IsHighHalfFirstBigEndian(int length, ulong seed, ulong low, ulong high)
    {
        byte[] canonical = XxHash128.Hash(Input(length), (long)seed);

        Assert.Equal(16, canonical.Length);
        Assert.Equal(high, BinaryPrimitives.ReadUInt64BigEndian(canonical));
        Assert.Equal(low, BinaryPrimitives.ReadUInt64BigEndian(canonical.AsSpan(8)));
    }

    [Fact]
    public void Hash_EmptyInput_WritesMostSignificantByteFirst()
    {
        byte[] expected =
        [
            0x99, 0xAA, 0x06, 0xD3, 0x01, 0x47, 0x98, 0xD8,
            0x60, 0x01, 0xC3, 0x24, 0x46, 0x8D, 0x49, 0x7F,
        ];
        Span<byte> destination = stackalloc byte[16];

        Assert.Equal(expected, XxHash128.Hash([]));
        Assert.Equal(16, XxHash128.Hash([], destination));
        Assert.Equal(expected, destination.ToArray());
        Assert.Equal(expected, new XxHash128().GetCurrentHash());
    }

    [Fact]
    public void Hash_DestinationTooSmall_Throws()
    {
        byte[] destination = new byte[15];

        ArgumentException exception = Assert.Throws<ArgumentException>(() => XxHash128.Hash(Input(10), destination));
        Assert.Equal("destination", exception.ParamName);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryHash_DestinationTooSmall_ReturnsFalseAndWritesNothing()
    {
        byte[] destination = new byte[15];

        Assert.False(XxHash128.TryHash(Input(10), destination, out int bytesWritten));
        Assert.Equal(0, bytesWritten);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryHash_DestinationLarger_WritesSixteenBytesOnly()
    {
        byte[] destination = Enumerable.Repeat((byte)0xAA, 20).ToArray();

        Assert.True(XxHash128.TryHash(Input(403), destination, out int bytesWritten));
        Assert.Equal(16, bytesWritten);
        Assert.Equal(0x1B6DE21E332DD73DUL, BinaryPrimitives.ReadUInt64BigEndian(destination));
        Assert.Equal(0xCDEB804D65C6DEA4UL, BinaryPrimitives.ReadUInt64BigEndian(destination.AsSpan(8)));
        Assert.Equal([0xAA, 0xAA, 0xAA, 0xAA], destination[16..]);
    }

    [Fact]
    public void GetCurrentHash_DestinationTooSmall_Throws()
    {
        var hash = new XxHash128();
        hash.Append(Input(10));

        ArgumentException exception = Assert.Throws<ArgumentException>(() => hash.GetCurrentHash(new byte[15]));
        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void GetCurrentHash_Span_WritesCanonicalBytes()
    {
        var hash = new XxHash128((long)Prime32);
        hash.Append(Input(2240));
        byte[] destination = new byte[16];

        Assert.Equal(16, hash.GetCurrentHash(destination));
        Assert.Equal(0x50A1FE17B338995FUL, BinaryPrimitives.ReadUInt64BigEndian(destination));
        Assert.Equal(0xED385111126FBA6FUL, BinaryPrimitives.ReadUInt64BigEndian(destination.AsSpan(8)));
        Assert.Equal(destination, hash.GetCurrentHash());
        Assert.Equal(16, hash.HashLengthInBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(1500)]
    public void HashToUInt128_DifferentSeeds_DifferentHashes(int length)
    {
        UInt128[] hashes = [.. new long[] { 0, 1, -1, long.MinValue, long.MaxValue, Prime64Seed }
            .Select(seed => XxHash128.HashToUInt128(Input(length), seed))];

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(Prime32)]
    [InlineData(Prime64)]
    public void LowHalf_ForOneToThreeAndOver240Bytes_EqualsXxHash3AndDiffersElsewhere(ulong seed)
    {
        for (int length = 0; length <= 600; length++)
        {
            ulong low = (ulong)XxHash128.HashToUInt128(Input(length), (long)seed);
            ulong hash64 = XxHash3.HashToUInt64(Input(length), (long)seed);
            if (length is >= 1 and <= 3 or > 240)
            {
                Assert.Equal(hash64, low);
            }
            else
            {
                Assert.NotEqual(hash64, low);
            }
        }
    }

    [Fact]
    public void Reset_AfterAppend_HashesAsNewAndKeepsSeed()
    {
        var hash = new XxHash128((long)Prime32);
        hash.Append(Input(1000));
        hash.Reset();
        hash.Append(Input(81));

        Assert.Equal(new UInt128(0x2724EC7ADC750FB6, 0x703FBB3D7A5F755C), hash.GetCurrentHashAsUInt128());
    }

    [Fact]
    public void GetCurrentHash_MidStream_DoesNotDisturbLaterAppends()
    {
        var hash = new XxHash128();
        int appended = 0;
        foreach (int end in new[] { 100, 240, 241, 700, 1024, 2099 })
        {
            hash.Append(Input(end)[appended..]);
            appended = end;

            Assert.Equal(XxHash128.HashToUInt128(Input(end)), hash.GetCurrentHashAsUInt128());
        }
    }
}
