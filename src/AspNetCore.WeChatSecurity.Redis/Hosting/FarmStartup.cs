using AspNetCore.WeChatSecurity.Redis.Gates;
using Microsoft.Extensions.Hosting;

namespace AspNetCore.WeChatSecurity.Redis.Hosting;

/// <summary>Connects and starts listening for the farm's quota gates in the background, so that start-up never waits for Redis.</summary>
internal sealed class FarmStartup(FarmQuotaGate gate) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = gate.StartAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
