namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>One-shot XXH3-64 and XXH3-128 of inputs over 240 bytes, and the final merges streaming shares.</summary>
internal static class XxHash3LongInput
{
    internal static ulong Hash64(ReadOnlySpan<byte> source, ulong seed, XxHash3AccumulatorPath path)
    {
        Span<ulong> accumulators = stackalloc ulong[XxHash3Constants.AccumulatorCount];
        Span<byte> derivedSecret = seed == 0 ? default : stackalloc byte[XxHash3Constants.SecretLength];
        ReadOnlySpan<byte> secret = SelectSecret(seed, derivedSecret);
        AccumulateAll(accumulators, source, secret, path);
        return Merge64(accumulators, secret, (ulong)source.Length);
    }

    internal static UInt128 Hash128(ReadOnlySpan<byte> source, ulong seed, XxHash3AccumulatorPath path)
    {
        Span<ulong> accumulators = stackalloc ulong[XxHash3Constants.AccumulatorCount];
        Span<byte> derivedSecret = seed == 0 ? default : stackalloc byte[XxHash3Constants.SecretLength];
        ReadOnlySpan<byte> secret = SelectSecret(seed, derivedSecret);
        AccumulateAll(accumulators, source, secret, path);
        return Merge128(accumulators, secret, (ulong)source.Length);
    }

    internal static ulong Merge64(ReadOnlySpan<ulong> accumulators, ReadOnlySpan<byte> secret, ulong totalLength) =>
        XxHash3Mixer.MergeAccumulators(
            accumulators, secret, XxHash3Constants.MergeSecretOffsetLow, totalLength * XxHash3Constants.Prime64_1);

    internal static UInt128 Merge128(ReadOnlySpan<ulong> accumulators, ReadOnlySpan<byte> secret, ulong totalLength)
    {
        ulong low = Merge64(accumulators, secret, totalLength);
        ulong high = XxHash3Mixer.MergeAccumulators(
            accumulators, secret, XxHash3Constants.MergeSecretOffsetHigh, ~(totalLength * XxHash3Constants.Prime64_2));
        return new UInt128(high, low);
    }

    /// <summary>The default secret for seed 0 (deriving it would give the same bytes), else the derived one.</summary>
    private static ReadOnlySpan<byte> SelectSecret(ulong seed, Span<byte> derivedSecret)
    {
        if (seed == 0)
        {
            return XxHash3Secret.Default;
        }

        XxHash3Secret.Derive(seed, derivedSecret);
        return derivedSecret;
    }

    private static void AccumulateAll(Span<ulong> accumulators, ReadOnlySpan<byte> source, ReadOnlySpan<byte> secret, XxHash3AccumulatorPath path)
    {
        // All stripes but the one holding the final byte; the last 64 bytes are then taken as the final stripe,
        // overlapping what came before when the length is not a multiple of 64.
        int stripesLength = (source.Length - 1) / XxHash3Constants.StripeLength * XxHash3Constants.StripeLength;
        XxHash3Accumulator.Initialize(accumulators);
        XxHash3Accumulator.Accumulate(
            accumulators, source[..stripesLength], source[^XxHash3Constants.StripeLength..], secret, 0, path);
    }
}
