using AspNetCore.WeChatSecurity.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the WeChat content-security health check.</summary>
public static class WeChatSecurityHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check named <c>wechat-content-security</c>: unhealthy when no access token can be obtained, degraded while
    /// the circuit breaker is open or a quota gate is shut.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddWeChatContentSecurity(this IHealthChecksBuilder builder, string name = "wechat-content-security", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<WeChatSecurityHealthCheck>(name, HealthStatus.Unhealthy, tags ?? []);
    }
}
