using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>
/// The long-input (over 240 bytes) core of XXH3: eight 64-bit accumulators fed 64-byte stripes, scrambled after
/// every 1024-byte block. One scalar and three vector implementations compute the same thing.
/// </summary>
/// <remarks>
/// Every implementation takes the accumulators, a whole number of stripes, an optional final stripe (the last 64
/// bytes of the input, keyed at secret offset 121) and how many stripes of the current block were consumed
/// earlier, and returns that count after the call; a block is scrambled as soon as it is complete. Both the
/// one-shot hash and streaming use this, which is what keeps them equal.
/// The vector implementations hold the accumulators in vector locals for the whole call and touch memory for
/// them once on entry and once on exit.
/// </remarks>
internal static class XxHash3Accumulator
{
    /// <summary>The fastest path this machine runs natively, fixed at startup so the JIT can fold the dispatch.</summary>
    internal static readonly XxHash3AccumulatorPath BestPath = SelectBestPath();

    /// <summary>Sets the accumulators to XXH3's initial values.</summary>
    internal static void Initialize(Span<ulong> accumulators)
    {
        accumulators[0] = XxHash3Constants.Prime32_3;
        accumulators[1] = XxHash3Constants.Prime64_1;
        accumulators[2] = XxHash3Constants.Prime64_2;
        accumulators[3] = XxHash3Constants.Prime64_3;
        accumulators[4] = XxHash3Constants.Prime64_4;
        accumulators[5] = XxHash3Constants.Prime32_2;
        accumulators[6] = XxHash3Constants.Prime64_5;
        accumulators[7] = XxHash3Constants.Prime32_1;
    }

    internal static int Accumulate(
        Span<ulong> accumulators,
        ReadOnlySpan<byte> stripes,
        ReadOnlySpan<byte> lastStripe,
        ReadOnlySpan<byte> secret,
        int stripesSoFar,
        XxHash3AccumulatorPath path) => path switch
        {
            XxHash3AccumulatorPath.Vector512 => AccumulateVector512(accumulators, stripes, lastStripe, secret, stripesSoFar),
            XxHash3AccumulatorPath.Vector256 => AccumulateVector256(accumulators, stripes, lastStripe, secret, stripesSoFar),
            XxHash3AccumulatorPath.Vector128 => AccumulateVector128(accumulators, stripes, lastStripe, secret, stripesSoFar),
            XxHash3AccumulatorPath.Scalar => AccumulateScalar(accumulators, stripes, lastStripe, secret, stripesSoFar),
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };

    internal static int AccumulateScalar(
        Span<ulong> accumulators, ReadOnlySpan<byte> stripes, ReadOnlySpan<byte> lastStripe, ReadOnlySpan<byte> secret, int stripesSoFar)
    {
        Validate(accumulators, stripes, lastStripe, secret, stripesSoFar);
        int stripeCount = stripes.Length / XxHash3Constants.StripeLength;
        for (int stripe = 0; stripe < stripeCount; stripe++)
        {
            AccumulateStripeScalar(
                accumulators,
                stripes.Slice(stripe * XxHash3Constants.StripeLength, XxHash3Constants.StripeLength),
                secret[(stripesSoFar * XxHash3Constants.SecretConsumeRate)..]);
            if (++stripesSoFar == XxHash3Constants.StripesPerBlock)
            {
                ScrambleScalar(accumulators, secret[XxHash3Constants.ScrambleSecretOffset..]);
                stripesSoFar = 0;
            }
        }

        if (!lastStripe.IsEmpty)
        {
            AccumulateStripeScalar(accumulators, lastStripe, secret[XxHash3Constants.LastStripeSecretOffset..]);
        }

        return stripesSoFar;
    }

    internal static int AccumulateVector128(
        Span<ulong> accumulators, ReadOnlySpan<byte> stripes, ReadOnlySpan<byte> lastStripe, ReadOnlySpan<byte> secret, int stripesSoFar)
    {
        Validate(accumulators, stripes, lastStripe, secret, stripesSoFar);
        ref ulong accumulatorsRef = ref MemoryMarshal.GetReference(accumulators);
        ref byte input = ref MemoryMarshal.GetReference(stripes);
        ref byte key = ref MemoryMarshal.GetReference(secret);
        Vector128<ulong> acc0 = Vector128.LoadUnsafe(ref accumulatorsRef, 0);
        Vector128<ulong> acc1 = Vector128.LoadUnsafe(ref accumulatorsRef, 2);
        Vector128<ulong> acc2 = Vector128.LoadUnsafe(ref accumulatorsRef, 4);
        Vector128<ulong> acc3 = Vector128.LoadUnsafe(ref accumulatorsRef, 6);

        int remaining = stripes.Length / XxHash3Constants.StripeLength;
        while (remaining > 0)
        {
            int count = Math.Min(remaining, XxHash3Constants.StripesPerBlock - stripesSoFar);
            ref byte blockKey = ref Unsafe.Add(ref key, stripesSoFar * XxHash3Constants.SecretConsumeRate);
            for (int i = 0; i < count; i++)
            {
                ref byte data = ref Unsafe.Add(ref input, i * XxHash3Constants.StripeLength);
                ref byte dataKey = ref Unsafe.Add(ref blockKey, i * XxHash3Constants.SecretConsumeRate);
                acc0 = Step(acc0, Load128(ref data, 0), Load128(ref dataKey, 0));
                acc1 = Step(acc1, Load128(ref data, 16), Load128(ref dataKey, 16));
                acc2 = Step(acc2, Load128(ref data, 32), Load128(ref dataKey, 32));
                acc3 = Step(acc3, Load128(ref data, 48), Load128(ref dataKey, 48));
            }

            input = ref Unsafe.Add(ref input, count * XxHash3Constants.StripeLength);
            remaining -= count;
            stripesSoFar += count;
            if (stripesSoFar == XxHash3Constants.StripesPerBlock)
            {
                ref byte scrambleKey = ref Unsafe.Add(ref key, XxHash3Constants.ScrambleSecretOffset);
                acc0 = Scramble(acc0, Load128(ref scrambleKey, 0));
                acc1 = Scramble(acc1, Load128(ref scrambleKey, 16));
                acc2 = Scramble(acc2, Load128(ref scrambleKey, 32));
                acc3 = Scramble(acc3, Load128(ref scrambleKey, 48));
                stripesSoFar = 0;
            }
        }

        if (!lastStripe.IsEmpty)
        {
            ref byte data = ref MemoryMarshal.GetReference(lastStripe);
            ref byte lastKey = ref Unsafe.Add(ref key, XxHash3Constants.LastStripeSecretOffset);
            acc0 = Step(acc0, Load128(ref data, 0), Load128(ref lastKey, 0));
            acc1 = Step(acc1, Load128(ref data, 16), Load128(ref lastKey, 16));
            acc2 = Step(acc2, Load128(ref data, 32), Load128(ref lastKey, 32));
            acc3 = Step(acc3, Load128(ref data, 48), Load128(ref lastKey, 48));
        }

        acc0.StoreUnsafe(ref accumulatorsRef, 0);
        acc1.StoreUnsafe(ref accumulatorsRef, 2);
        acc2.StoreUnsafe(ref accumulatorsRef, 4);
        acc3.StoreUnsafe(ref accumulatorsRef, 6);
        return stripesSoFar;
    }

    internal static int AccumulateVector256(
        Span<ulong> accumulators, ReadOnlySpan<byte> stripes, ReadOnlySpan<byte> lastStripe, ReadOnlySpan<byte> secret, int stripesSoFar)
    {
        Validate(accumulators, stripes, lastStripe, secret, stripesSoFar);
        ref ulong accumulatorsRef = ref MemoryMarshal.GetReference(accumulators);
        ref byte input = ref MemoryMarshal.GetReference(stripes);
        ref byte key = ref MemoryMarshal.GetReference(secret);
        Vector256<ulong> acc0 = Vector256.LoadUnsafe(ref accumulatorsRef, 0);
        Vector256<ulong> acc1 = Vector256.LoadUnsafe(ref accumulatorsRef, 4);

        int remaining = stripes.Length / XxHash3Constants.StripeLength;
        while (remaining > 0)
        {
            int count = Math.Min(remaining, XxHash3Constants.StripesPerBlock - stripesSoFar);
            ref byte blockKey = ref Unsafe.Add(ref key, stripesSoFar * XxHash3Constants.SecretConsumeRate);
            for (int i = 0; i < count; i++)
            {
                ref byte data = ref Unsafe.Add(ref input, i * XxHash3Constants.StripeLength);
                ref byte dataKey = ref Unsafe.Add(ref blockKey, i * XxHash3Constants.SecretConsumeRate);
                acc0 = Step(acc0, Load256(ref data, 0), Load256(ref dataKey, 0));
                acc1 = Step(acc1, Load256(ref data, 32), Load256(ref dataKey, 32));
            }

            input = ref Unsafe.Add(ref input, count * XxHash3Constants.StripeLength);
            remaining -= count;
            stripesSoFar += count;
            if (stripesSoFar == XxHash3Constants.StripesPerBlock)
            {
                ref byte scrambleKey = ref Unsafe.Add(ref key, XxHash3Constants.ScrambleSecretOffset);
                acc0 = Scramble(acc0, Load256(ref scrambleKey, 0));
                acc1 = Scramble(acc1, Load256(ref scrambleKey, 32));
                stripesSoFar = 0;
            }
        }

        if (!lastStripe.IsEmpty)
        {
            ref byte data = ref MemoryMarshal.GetReference(lastStripe);
            ref byte lastKey = ref Unsafe.Add(ref key, XxHash3Constants.LastStripeSecretOffset);
            acc0 = Step(acc0, Load256(ref data, 0), Load256(ref lastKey, 0));
            acc1 = Step(acc1, Load256(ref data, 32), Load256(ref lastKey, 32));
        }

        acc0.StoreUnsafe(ref accumulatorsRef, 0);
        acc1.StoreUnsafe(ref accumulatorsRef, 4);
        return stripesSoFar;
    }

    internal static int AccumulateVector512(
        Span<ulong> accumulators, ReadOnlySpan<byte> stripes, ReadOnlySpan<byte> lastStripe, ReadOnlySpan<byte> secret, int stripesSoFar)
    {
        Validate(accumulators, stripes, lastStripe, secret, stripesSoFar);
        ref ulong accumulatorsRef = ref MemoryMarshal.GetReference(accumulators);
        ref byte input = ref MemoryMarshal.GetReference(stripes);
        ref byte key = ref MemoryMarshal.GetReference(secret);
        Vector512<ulong> acc = Vector512.LoadUnsafe(ref accumulatorsRef);

        int remaining = stripes.Length / XxHash3Constants.StripeLength;
        while (remaining > 0)
        {
            int count = Math.Min(remaining, XxHash3Constants.StripesPerBlock - stripesSoFar);
            ref byte blockKey = ref Unsafe.Add(ref key, stripesSoFar * XxHash3Constants.SecretConsumeRate);
            for (int i = 0; i < count; i++)
            {
                acc = Step(
                    acc,
                    Load512(ref input, i * XxHash3Constants.StripeLength),
                    Load512(ref blockKey, i * XxHash3Constants.SecretConsumeRate));
            }

            input = ref Unsafe.Add(ref input, count * XxHash3Constants.StripeLength);
            remaining -= count;
            stripesSoFar += count;
            if (stripesSoFar == XxHash3Constants.StripesPerBlock)
            {
                acc = Scramble(acc, Load512(ref key, XxHash3Constants.ScrambleSecretOffset));
                stripesSoFar = 0;
            }
        }

        if (!lastStripe.IsEmpty)
        {
            acc = Step(
                acc,
                Load512(ref MemoryMarshal.GetReference(lastStripe), 0),
                Load512(ref key, XxHash3Constants.LastStripeSecretOffset));
        }

        acc.StoreUnsafe(ref accumulatorsRef);
        return stripesSoFar;
    }

    private static XxHash3AccumulatorPath SelectBestPath()
    {
        // A vector path only pays off where its 32x32->64 multiply is one instruction.
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            return XxHash3AccumulatorPath.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            return XxHash3AccumulatorPath.Vector256;
        }

        return Vector128.IsHardwareAccelerated && (Sse2.IsSupported || AdvSimd.IsSupported)
            ? XxHash3AccumulatorPath.Vector128
            : XxHash3AccumulatorPath.Scalar;
    }

    private static void Validate(
        Span<ulong> accumulators, ReadOnlySpan<byte> stripes, ReadOnlySpan<byte> lastStripe, ReadOnlySpan<byte> secret, int stripesSoFar)
    {
        // The vector paths read through refs without bounds checks, so the shapes are checked once up front.
        if (accumulators.Length != XxHash3Constants.AccumulatorCount
            || stripes.Length % XxHash3Constants.StripeLength != 0
            || (lastStripe.Length != 0 && lastStripe.Length != XxHash3Constants.StripeLength)
            || secret.Length < XxHash3Constants.SecretLength
            || (uint)stripesSoFar >= XxHash3Constants.StripesPerBlock)
        {
            throw new ArgumentException("Accumulator arguments do not have the shapes XXH3 requires.");
        }
    }

    private static void AccumulateStripeScalar(Span<ulong> accumulators, ReadOnlySpan<byte> stripe, ReadOnlySpan<byte> key)
    {
        for (int lane = 0; lane < XxHash3Constants.AccumulatorCount; lane++)
        {
            ulong data = BinaryPrimitives.ReadUInt64LittleEndian(stripe[(lane * 8)..]);
            ulong mixed = data ^ BinaryPrimitives.ReadUInt64LittleEndian(key[(lane * 8)..]);
            accumulators[lane ^ 1] += data;
            accumulators[lane] += (mixed & 0xFFFFFFFF) * (mixed >> 32);
        }
    }

    private static void ScrambleScalar(Span<ulong> accumulators, ReadOnlySpan<byte> key)
    {
        for (int lane = 0; lane < XxHash3Constants.AccumulatorCount; lane++)
        {
            ulong acc = accumulators[lane];
            acc ^= acc >> 47;
            acc ^= BinaryPrimitives.ReadUInt64LittleEndian(key[(lane * 8)..]);
            accumulators[lane] = acc * XxHash3Constants.Prime32_1;
        }
    }

    // Vector loads of the input and the secret are little-endian lanes; XXH3 reads both little-endian, and
    // every .NET target with these vector types is little-endian.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load128(ref byte source, int offset) =>
        Vector128.LoadUnsafe(ref source, (nuint)offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load256(ref byte source, int offset) =>
        Vector256.LoadUnsafe(ref source, (nuint)offset).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Load512(ref byte source, int offset) =>
        Vector512.LoadUnsafe(ref source, (nuint)offset).AsUInt64();

    // acc[i ^ 1] += data[i]; acc[i] += lo32(data ^ key) * hi32(data ^ key). The two sums are added together
    // before they reach the accumulator so that the loop-carried chain is a single add per stripe.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Step(Vector128<ulong> acc, Vector128<ulong> data, Vector128<ulong> key)
    {
        Vector128<ulong> mixed = data ^ key;
        Vector128<ulong> product = MultiplyLow32(mixed, mixed >>> 32);
        Vector128<ulong> swapped = Vector128.Shuffle(data, Vector128.Create(1UL, 0UL));
        return acc + (product + swapped);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Step(Vector256<ulong> acc, Vector256<ulong> data, Vector256<ulong> key)
    {
        Vector256<ulong> mixed = data ^ key;
        Vector256<ulong> product = MultiplyLow32(mixed, mixed >>> 32);
        Vector256<ulong> swapped = Vector256.Shuffle(data, Vector256.Create(1UL, 0UL, 3UL, 2UL));
        return acc + (product + swapped);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Step(Vector512<ulong> acc, Vector512<ulong> data, Vector512<ulong> key)
    {
        Vector512<ulong> mixed = data ^ key;
        Vector512<ulong> product = MultiplyLow32(mixed, mixed >>> 32);
        Vector512<ulong> swapped = Vector512.Shuffle(data, Vector512.Create(1UL, 0UL, 3UL, 2UL, 5UL, 4UL, 7UL, 6UL));
        return acc + (product + swapped);
    }

    // acc *= PRIME32_1 as two 32x32->64 multiplies: a 64-bit lane multiply is emulated on x64 without AVX-512DQ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Scramble(Vector128<ulong> acc, Vector128<ulong> key)
    {
        acc ^= acc >>> 47;
        acc ^= key;
        Vector128<ulong> prime = Vector128.Create(XxHash3Constants.Prime32_1);
        return MultiplyLow32(acc, prime) + (MultiplyLow32(acc >>> 32, prime) << 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Scramble(Vector256<ulong> acc, Vector256<ulong> key)
    {
        acc ^= acc >>> 47;
        acc ^= key;
        Vector256<ulong> prime = Vector256.Create(XxHash3Constants.Prime32_1);
        return MultiplyLow32(acc, prime) + (MultiplyLow32(acc >>> 32, prime) << 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Scramble(Vector512<ulong> acc, Vector512<ulong> key)
    {
        acc ^= acc >>> 47;
        acc ^= key;
        Vector512<ulong> prime = Vector512.Create(XxHash3Constants.Prime32_1);
        return MultiplyLow32(acc, prime) + (MultiplyLow32(acc >>> 32, prime) << 32);
    }

    // lo32(left) * lo32(right) per 64-bit lane: one pmuludq / umull where the hardware has it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> MultiplyLow32(Vector128<ulong> left, Vector128<ulong> right)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.Multiply(left.AsUInt32(), right.AsUInt32());
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.MultiplyWideningLower(AdvSimd.ExtractNarrowingLower(left), AdvSimd.ExtractNarrowingLower(right));
        }

        Vector128<ulong> low32 = Vector128.Create(0xFFFFFFFFUL);
        return (left & low32) * (right & low32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MultiplyLow32(Vector256<ulong> left, Vector256<ulong> right)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.Multiply(left.AsUInt32(), right.AsUInt32());
        }

        Vector256<ulong> low32 = Vector256.Create(0xFFFFFFFFUL);
        return (left & low32) * (right & low32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MultiplyLow32(Vector512<ulong> left, Vector512<ulong> right)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.Multiply(left.AsUInt32(), right.AsUInt32());
        }

        Vector512<ulong> low32 = Vector512.Create(0xFFFFFFFFUL);
        return (left & low32) * (right & low32);
    }
}
