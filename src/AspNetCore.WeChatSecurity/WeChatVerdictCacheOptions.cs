using System.ComponentModel.DataAnnotations;
using AspNetCore.WeChatSecurity.Verdicts;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// How many verdicts are kept in memory and for how long. Bound from <c>WeChatSecurity:Cache</c>.
/// </summary>
public sealed class WeChatVerdictCacheOptions
{
    /// <summary>The most verdicts kept in memory, at least 4. Default 100,000.</summary>
    [Range(VerdictCache.MinimumEntries, 100_000_000, ErrorMessage = "WeChatSecurity:Cache:MaxEntries must be between {1} and {2}.")]
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How long a pass verdict is kept. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "WeChatSecurity:Cache:PassTtl must be between {1} and {2}.")]
    public TimeSpan PassTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a risky verdict is kept. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "WeChatSecurity:Cache:RiskyTtl must be between {1} and {2}.")]
    public TimeSpan RiskyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a review verdict is kept. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "WeChatSecurity:Cache:ReviewTtl must be between {1} and {2}.")]
    public TimeSpan ReviewTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A secret of the app's own that keys the verdict cache instead of the AppSecret: at least 16 characters, the same
    /// on every server of a farm, never logged. It lets an app without an AppSecret (tokens from an
    /// <see cref="IWeChatAccessTokenSource"/>) keep the cheap xxHash keys, and keys set by it survive a reset of the
    /// AppSecret. Without it and without an AppSecret, keys are SHA-256 based: 20 to 50 times slower to compute.
    /// </summary>
    [MinLength(16, ErrorMessage = "WeChatSecurity:Cache:KeySecret must be at least {1} characters: a random value kept out of source control, the same on every server.")]
    public string? KeySecret { get; set; }
}
