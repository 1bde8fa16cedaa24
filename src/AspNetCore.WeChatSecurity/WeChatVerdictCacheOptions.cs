namespace AspNetCore.WeChatSecurity;

/// <summary>
/// How many verdicts are kept in memory and for how long. Bound from <c>WeChatSecurity:Cache</c>.
/// </summary>
public sealed class WeChatVerdictCacheOptions
{
    /// <summary>The most verdicts kept in memory, at least 4. Default 100,000.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How long a pass verdict is kept. Default 1 hour.</summary>
    public TimeSpan PassTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a risky verdict is kept. Default 24 hours.</summary>
    public TimeSpan RiskyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a review verdict is kept. Default 10 minutes.</summary>
    public TimeSpan ReviewTtl { get; set; } = TimeSpan.FromMinutes(10);
}
