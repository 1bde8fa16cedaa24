using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspNetCore.WeChatSecurity.Redis.Diagnostics;

/// <summary>Degraded while Redis cannot be reached: checks go on, but each instance runs on its own.</summary>
internal sealed class RedisFarmHealthCheck(RedisConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!connection.IsAvailable)
        {
            // Starts the connection when nothing else has yet.
            connection.TryGetDatabase();
            return Task.FromResult(new HealthCheckResult(
                context.Registration.FailureStatus,
                "Redis cannot be reached: this instance runs on its own (its share of the per-minute limits, its own verdict cache and quota gate) until it reconnects; asynchronous media checks cannot be submitted."));
        }

        return Task.FromResult(HealthCheckResult.Healthy("The farm's quota, gate, verdicts and media checks are shared through Redis."));
    }
}
