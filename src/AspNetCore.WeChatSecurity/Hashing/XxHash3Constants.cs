namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>The primes and sizes of XXH3 (xxHash spec v0.2.0), shared by the 64- and 128-bit variants.</summary>
internal static class XxHash3Constants
{
    internal const ulong Prime32_1 = 0x9E3779B1;
    internal const ulong Prime32_2 = 0x85EBCA77;
    internal const ulong Prime32_3 = 0xC2B2AE3D;
    internal const ulong Prime64_1 = 0x9E3779B185EBCA87;
    internal const ulong Prime64_2 = 0xC2B2AE3D27D4EB4F;
    internal const ulong Prime64_3 = 0x165667B19E3779F9;
    internal const ulong Prime64_4 = 0x85EBCA77C2B2AE63;
    internal const ulong Prime64_5 = 0x27D4EB2F165667C5;
    internal const ulong PrimeMx1 = 0x165667919E3779F9;
    internal const ulong PrimeMx2 = 0x9FB21C651E98DF25;

    /// <summary>Inputs up to this length are hashed by the short/medium algorithms, with the seed mixed in directly.</summary>
    internal const int MidSizeMax = 240;

    internal const int SecretLength = 192;
    internal const int StripeLength = 64;
    internal const int AccumulatorCount = 8;

    /// <summary>Each stripe of a block reads the secret 8 bytes further on.</summary>
    internal const int SecretConsumeRate = 8;
    internal const int StripesPerBlock = (SecretLength - StripeLength) / SecretConsumeRate;
    internal const int BlockLength = StripesPerBlock * StripeLength;

    /// <summary>The scramble at the end of each block uses the last 64 bytes of the secret.</summary>
    internal const int ScrambleSecretOffset = SecretLength - StripeLength;

    /// <summary>The final stripe (the last 64 bytes of input) is keyed at this secret offset.</summary>
    internal const int LastStripeSecretOffset = SecretLength - StripeLength - 7;

    internal const int MergeSecretOffsetLow = 11;
    internal const int MergeSecretOffsetHigh = SecretLength - StripeLength - MergeSecretOffsetLow;

    /// <summary>Streaming keeps this much input so that a total of 240 bytes or less can be hashed one-shot.</summary>
    internal const int StreamBufferLength = 256;
}
