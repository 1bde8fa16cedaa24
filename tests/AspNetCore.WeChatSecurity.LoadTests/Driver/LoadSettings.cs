namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>What the command line chose: the quick mode's smaller runs, and the latency injected into every WeChat check.</summary>
internal sealed record LoadSettings(bool Quick, TimeSpan Latency)
{
    /// <summary>The full run's figure, or the quick run's.</summary>
    public int Pick(int full, int quick) => Quick ? quick : full;
}
