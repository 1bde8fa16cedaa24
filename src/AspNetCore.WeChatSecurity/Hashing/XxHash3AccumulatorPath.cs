namespace AspNetCore.WeChatSecurity.Hashing;

/// <summary>The implementations of the long-input accumulate loop; tests force each one to check it against the others.</summary>
internal enum XxHash3AccumulatorPath
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}
