using AspNetCore.WeChatSecurity.Resilience;
using AspNetCore.WeChatSecurity.Tokens;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace AspNetCore.WeChatSecurity.Diagnostics;

/// <summary>
/// Unhealthy when no access token can be obtained (checks cannot work at all); degraded while the circuit breaker is
/// open or a quota gate is shut (checks fail per FailureMode for a while). A cached token costs no WeChat call.
/// </summary>
internal sealed class WeChatSecurityHealthCheck(AccessTokenProvider tokens, WeChatResilience resilience) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await tokens.GetAsync(cancellationToken);
        }
        catch (WeChatUnavailableException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No WeChat access token can be obtained: {exception.Message}");
        }

        if (resilience.CircuitState.CircuitState is CircuitState.Open or CircuitState.Isolated)
        {
            return HealthCheckResult.Degraded("The WeChat circuit breaker is open after repeated failures.");
        }

        var shut = new[] { WeChatApiKind.Text, WeChatApiKind.Image, WeChatApiKind.Media }
            .Where(kind => resilience.Gate(kind).IsShut)
            .Select(WeChatSecurityMetrics.KindTag)
            .ToArray();
        return shut.Length > 0
            ? HealthCheckResult.Degraded($"WeChat's quota is spent for: {string.Join(", ", shut)}.")
            : HealthCheckResult.Healthy();
    }
}
