namespace AspNetCore.WeChatSecurity.Testing.Verdicts;

/// <summary>A verdict: <c>pass</c>, <c>review</c> or <c>risky</c>, its label, and the phrase that decided it.</summary>
internal sealed record TextVerdict(string Suggest, int Label, string? Keyword)
{
    public const string Pass = "pass";
    public const string Review = "review";
    public const string Risky = "risky";
    public const int NormalLabel = 100;

    public static TextVerdict Passed { get; } = new(Pass, NormalLabel, null);

    public bool IsRisky => Suggest == Risky;
}
