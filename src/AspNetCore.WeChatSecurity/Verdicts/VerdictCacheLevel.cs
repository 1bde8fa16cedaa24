namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>Which level of the verdict cache answered.</summary>
internal enum VerdictCacheLevel
{
    Memory = 1,
    Distributed = 2,
}
