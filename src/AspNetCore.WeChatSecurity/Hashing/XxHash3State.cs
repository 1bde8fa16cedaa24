namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>The streaming state shared by <see cref="XxHash3"/> and <see cref="XxHash128"/>.</summary>
/// <remarks>
/// Input is consumed in whole stripes, but the final byte is always held back in the buffer: the digest needs the
/// last 64 bytes as the final stripe, and needs the whole input when it turns out to be 240 bytes or less. When
/// fewer than 64 bytes are buffered, the bytes before them are the tail of the buffer, where each consume leaves
/// the last 64 bytes it processed.
/// </remarks>
internal sealed class XxHash3State
{
    private const int BufferLength = XxHash3Constants.StreamBufferLength;
    private const int StripeLength = XxHash3Constants.StripeLength;

    private readonly ulong[] _accumulators = new ulong[XxHash3Constants.AccumulatorCount];
    private readonly byte[] _secret = new byte[XxHash3Constants.SecretLength];
    private readonly byte[] _buffer = new byte[BufferLength];
    private int _bufferedCount;
    private int _stripesSoFar;

    internal XxHash3State(ulong seed)
    {
        Seed = seed;
        XxHash3Secret.Derive(seed, _secret);
        Reset();
    }

    internal ulong Seed { get; }

    /// <summary>Total bytes appended since the last reset; 64 bits so inputs over 4 GiB hash correctly.</summary>
    internal ulong TotalLength { get; private set; }

    /// <summary>True when the digest is the short/medium one-shot hash of <see cref="BufferedInput"/>.</summary>
    internal bool IsMidSize => TotalLength <= XxHash3Constants.MidSizeMax;

    /// <summary>The whole input so far when <see cref="IsMidSize"/>.</summary>
    internal ReadOnlySpan<byte> BufferedInput => _buffer.AsSpan(0, _bufferedCount);

    internal void Reset()
    {
        XxHash3Accumulator.Initialize(_accumulators);
        _bufferedCount = 0;
        _stripesSoFar = 0;
        TotalLength = 0;
    }

    internal void Append(ReadOnlySpan<byte> source)
    {
        TotalLength += (ulong)source.Length;
        if (source.Length <= BufferLength - _bufferedCount)
        {
            source.CopyTo(_buffer.AsSpan(_bufferedCount));
            _bufferedCount += source.Length;
            return;
        }

        if (_bufferedCount > 0)
        {
            int fill = BufferLength - _bufferedCount;
            source[..fill].CopyTo(_buffer.AsSpan(_bufferedCount));
            source = source[fill..];
            Consume(_buffer);
        }

        // More input follows the full buffer, so it can be consumed whole. Past here source is never empty.
        if (source.Length > BufferLength)
        {
            int consumed = (source.Length - 1) / StripeLength * StripeLength;
            Consume(source[..consumed]);
            source.Slice(consumed - StripeLength, StripeLength).CopyTo(_buffer.AsSpan(BufferLength - StripeLength));
            source = source[consumed..];
        }

        source.CopyTo(_buffer);
        _bufferedCount = source.Length;
    }

    /// <summary>The 64-bit digest of an input over 240 bytes; the state is left as it was.</summary>
    internal ulong DigestLong64()
    {
        Span<ulong> accumulators = stackalloc ulong[XxHash3Constants.AccumulatorCount];
        FinishAccumulators(accumulators);
        return XxHash3LongInput.Merge64(accumulators, _secret, TotalLength);
    }

    /// <summary>The 128-bit digest of an input over 240 bytes; the state is left as it was.</summary>
    internal UInt128 DigestLong128()
    {
        Span<ulong> accumulators = stackalloc ulong[XxHash3Constants.AccumulatorCount];
        FinishAccumulators(accumulators);
        return XxHash3LongInput.Merge128(accumulators, _secret, TotalLength);
    }

    private void Consume(ReadOnlySpan<byte> stripes) =>
        _stripesSoFar = XxHash3Accumulator.Accumulate(
            _accumulators, stripes, ReadOnlySpan<byte>.Empty, _secret, _stripesSoFar, XxHash3Accumulator.BestPath);

    private void FinishAccumulators(Span<ulong> accumulators)
    {
        _accumulators.CopyTo(accumulators);
        Span<byte> lastStripe = stackalloc byte[StripeLength];
        ReadOnlySpan<byte> stripes;
        if (_bufferedCount >= StripeLength)
        {
            stripes = _buffer.AsSpan(0, (_bufferedCount - 1) / StripeLength * StripeLength);
            _buffer.AsSpan(_bufferedCount - StripeLength, StripeLength).CopyTo(lastStripe);
        }
        else
        {
            stripes = ReadOnlySpan<byte>.Empty;
            int carried = StripeLength - _bufferedCount;
            _buffer.AsSpan(BufferLength - carried, carried).CopyTo(lastStripe);
            _buffer.AsSpan(0, _bufferedCount).CopyTo(lastStripe[carried..]);
        }

        XxHash3Accumulator.Accumulate(accumulators, stripes, lastStripe, _secret, _stripesSoFar, XxHash3Accumulator.BestPath);
    }
}
