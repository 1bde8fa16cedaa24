using AspNetCore.WeChatSecurity.Hashing;

namespace AspNetCore.WeChatSecurity.Tests.Hashing;

/// <summary>
/// The vector accumulate paths must equal the scalar one on any state. Vector types run (in software) on any
/// hardware, so every path is checked everywhere; where the hardware has the instructions, that is what runs.
/// </summary>
public sealed class XxHash3AccumulatorTests
{
    public static TheoryData<string> VectorPaths =>
    [
        nameof(XxHash3AccumulatorPath.Vector128),
        nameof(XxHash3AccumulatorPath.Vector256),
        nameof(XxHash3AccumulatorPath.Vector512),
    ];

    public static TheoryData<string> AllPaths => [.. Enum.GetNames<XxHash3AccumulatorPath>()];

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void VectorPath_RandomStates_MatchesScalar(string pathName)
    {
        XxHash3AccumulatorPath path = Enum.Parse<XxHash3AccumulatorPath>(pathName);
        var random = new Random(42 + (int)path);
        for (int trial = 0; trial < 300; trial++)
        {
            ulong[] initial = [.. Enumerable.Range(0, 8).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63))];
            byte[] secret = RandomBytes(random, XxHash3Constants.SecretLength);
            byte[] stripes = RandomBytes(random, 64 * random.Next(0, 40));
            byte[] lastStripe = random.Next(2) == 0 ? [] : RandomBytes(random, 64);
            int stripesSoFar = random.Next(0, 16);

            ulong[] expected = (ulong[])initial.Clone();
            int expectedStripes = XxHash3Accumulator.AccumulateScalar(expected, stripes, lastStripe, secret, stripesSoFar);
            ulong[] actual = (ulong[])initial.Clone();
            int actualStripes = XxHash3Accumulator.Accumulate(actual, stripes, lastStripe, secret, stripesSoFar, path);

            Assert.Equal(expected, actual);
            Assert.Equal(expectedStripes, actualStripes);
            Assert.Equal((stripesSoFar + (stripes.Length / 64)) % 16, actualStripes);
        }
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Path_ExtremeLaneValues_MatchesScalar(string pathName)
    {
        XxHash3AccumulatorPath path = Enum.Parse<XxHash3AccumulatorPath>(pathName);
        // All-ones data and keys give maximal 32-bit products and carries, where a signed or truncated
        // multiply would show.
        byte[] ones = [.. Enumerable.Repeat((byte)0xFF, 64 * 20)];
        byte[] secret = new byte[XxHash3Constants.SecretLength];
        ulong[] expected = [.. Enumerable.Repeat(ulong.MaxValue, 8)];
        ulong[] actual = [.. Enumerable.Repeat(ulong.MaxValue, 8)];

        XxHash3Accumulator.AccumulateScalar(expected, ones, ones.AsSpan(0, 64), secret, 3);
        XxHash3Accumulator.Accumulate(actual, ones, ones.AsSpan(0, 64), secret, 3, path);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Scalar_OneStripe_FollowsTheSpecFormula()
    {
        byte[] stripe = new byte[64];
        byte[] secret = new byte[XxHash3Constants.SecretLength];
        stripe[8] = 3;
        secret[8] = 1;
        stripe[12] = 5;
        ulong[] accumulators = new ulong[8];

        XxHash3Accumulator.AccumulateScalar(accumulators, stripe, [], secret, 0);

        // Lane 1 holds 0x0000000500000003; data ^ key = 0x0000000500000002, so acc[1] += 2 * 5 and acc[0] += data.
        Assert.Equal(0x0000000500000003UL, accumulators[0]);
        Assert.Equal(10UL, accumulators[1]);
        Assert.All(accumulators[2..], value => Assert.Equal(0UL, value));
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Path_BadShapes_Throw(string pathName)
    {
        XxHash3AccumulatorPath path = Enum.Parse<XxHash3AccumulatorPath>(pathName);
        byte[] secret = new byte[XxHash3Constants.SecretLength];

        Assert.Throws<ArgumentException>(() => XxHash3Accumulator.Accumulate(new ulong[7], new byte[64], [], secret, 0, path));
        Assert.Throws<ArgumentException>(() => XxHash3Accumulator.Accumulate(new ulong[8], new byte[63], [], secret, 0, path));
        Assert.Throws<ArgumentException>(() => XxHash3Accumulator.Accumulate(new ulong[8], new byte[64], new byte[32], secret, 0, path));
        Assert.Throws<ArgumentException>(() => XxHash3Accumulator.Accumulate(new ulong[8], new byte[64], [], new byte[191], 0, path));
        Assert.Throws<ArgumentException>(() => XxHash3Accumulator.Accumulate(new ulong[8], new byte[64], [], secret, 16, path));
    }

    [Fact]
    public void BestPath_IsAPathThisMachineRuns()
    {
        ulong[] expected = new ulong[8];
        ulong[] actual = new ulong[8];
        byte[] input = XxHashSanityData.CreateBuffer(64 * 17);
        XxHash3Accumulator.Initialize(expected);
        XxHash3Accumulator.Initialize(actual);

        XxHash3Accumulator.AccumulateScalar(expected, input, input.AsSpan(0, 64), XxHash3Secret.Default, 0);
        XxHash3Accumulator.Accumulate(actual, input, input.AsSpan(0, 64), XxHash3Secret.Default, 0, XxHash3Accumulator.BestPath);

        Assert.Equal(expected, actual);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
