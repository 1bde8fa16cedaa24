using System.Diagnostics;

namespace AspNetCore.WeChatSecurity.Diagnostics;

/// <summary>One span per logical WeChat call (its HTTP attempts appear beneath it when HttpClient tracing is on).</summary>
internal static class WeChatSecurityActivitySource
{
    public const string Name = "AspNetCore.WeChatSecurity";

    public static ActivitySource Instance { get; } = new(Name);
}
