using AspNetCore.WeChatSecurity.Redis.Gates;
using Microsoft.Extensions.Hosting;

namespace AspNetCore.WeChatSecurity.Redis.Hosting;

/// <summary>
/// Connects and starts listening for the farm's quota gates as the application starts, so that its first requests
/// already share the farm's state. It waits a few seconds at most: an application starts while Redis is down, and
/// catches up when it reconnects.
/// </summary>
internal sealed class FarmStartup(FarmQuotaGate gate) : IHostedService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await gate.StartAsync().WaitAsync(LongestWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Redis is slow or down: the connection goes on in the background and each instance runs by itself meanwhile.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
