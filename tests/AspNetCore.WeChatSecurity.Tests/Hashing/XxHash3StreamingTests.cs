using AspNetCore.WeChatSecurity.Hashing;
using static AspNetCore.WeChatSecurity.Tests.Hashing.XxHashSanityData;

namespace AspNetCore.WeChatSecurity.Tests.Hashing;

/// <summary>Streaming must equal one-shot however the input is cut, for both XXH3-64 and XXH3-128.</summary>
public sealed class XxHash3StreamingTests
{
    private const int MaxLength = 4160;

    private static readonly byte[] Data = CreateBuffer(100_000);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(256)]
    [InlineData(1000)]
    public void Append_EveryLengthInChunks_MatchesOneShot(int chunkLength)
    {
        for (int length = 0; length <= MaxLength; length++)
        {
            // Alternating seeds covers the seeded paths without doubling the run time.
            long seed = length % 2 == 0 ? 0 : Prime64Seed;
            ReadOnlySpan<byte> input = Data.AsSpan(0, length);
            var hash64 = new XxHash3(seed);
            var hash128 = new XxHash128(seed);
            for (int offset = 0; offset < length; offset += chunkLength)
            {
                ReadOnlySpan<byte> chunk = input.Slice(offset, Math.Min(chunkLength, length - offset));
                hash64.Append(chunk);
                hash128.Append(chunk);
            }

            Assert.True(XxHash3.HashToUInt64(input, seed) == hash64.GetCurrentHashAsUInt64(), $"XXH3-64, length {length}");
            Assert.True(XxHash128.HashToUInt128(input, seed) == hash128.GetCurrentHashAsUInt128(), $"XXH3-128, length {length}");
        }
    }

    [Theory]
    [InlineData(239)]
    [InlineData(240)]
    [InlineData(241)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(319)]
    [InlineData(320)]
    [InlineData(321)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(1087)]
    [InlineData(1088)]
    [InlineData(1089)]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(2099)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    public void Append_EverySplitPoint_MatchesOneShot(int length)
    {
        foreach (long seed in new[] { 0, Prime64Seed })
        {
            ReadOnlySpan<byte> input = Data.AsSpan(0, length);
            ulong expected64 = XxHash3.HashToUInt64(input, seed);
            UInt128 expected128 = XxHash128.HashToUInt128(input, seed);
            for (int split = 0; split <= length; split++)
            {
                var hash64 = new XxHash3(seed);
                hash64.Append(input[..split]);
                hash64.Append(input[split..]);
                var hash128 = new XxHash128(seed);
                hash128.Append(input[..split]);
                hash128.Append(input[split..]);

                Assert.True(expected64 == hash64.GetCurrentHashAsUInt64(), $"XXH3-64, seed {seed}, split {split}");
                Assert.True(expected128 == hash128.GetCurrentHashAsUInt128(), $"XXH3-128, seed {seed}, split {split}");
            }
        }
    }

    [Fact]
    public void Append_ManyBlocksInRandomChunks_MatchesOneShot()
    {
        var random = new Random(20261121);
        var hash64 = new XxHash3(-1);
        var hash128 = new XxHash128(-1);
        int offset = 0;
        while (offset < Data.Length)
        {
            // Chunks from tiny to several blocks, so the buffer both fills and is bypassed.
            int length = Math.Min(Data.Length - offset, random.Next(4) == 0 ? random.Next(1, 5000) : random.Next(0, 300));
            hash64.Append(Data.AsSpan(offset, length));
            hash128.Append(Data.AsSpan(offset, length));
            offset += length;

            Assert.Equal(XxHash3.HashToUInt64(Data.AsSpan(0, offset), -1), hash64.GetCurrentHashAsUInt64());
            Assert.Equal(XxHash128.HashToUInt128(Data.AsSpan(0, offset), -1), hash128.GetCurrentHashAsUInt128());
        }
    }

    [Fact]
    public void Append_EmptySpans_ChangeNothing()
    {
        var hash = new XxHash3();
        hash.Append([]);
        hash.Append(Data.AsSpan(0, 300));
        hash.Append([]);

        Assert.Equal(XxHash3.HashToUInt64(Data.AsSpan(0, 300)), hash.GetCurrentHashAsUInt64());
    }
}
