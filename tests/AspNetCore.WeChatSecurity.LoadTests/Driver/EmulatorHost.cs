using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// The fake WeChat on its own loopback port (<see cref="WeChatEmulatorServer"/>), every check answered after the
/// injected latency, as WeChat's are after a round trip to its servers.
/// </summary>
internal static class EmulatorHost
{
    public static async Task<WeChatEmulatorServer> StartAsync(TimeSpan latency, Action<WeChatEmulatorOptions>? configure = null)
    {
        var options = new WeChatEmulatorOptions();
        configure?.Invoke(options);
        var server = await WeChatEmulatorServer.StartAsync(options);
        if (latency > TimeSpan.Zero)
        {
            var delay = WeChatEmulatorFault.Delay(latency);
            server.Emulator.FailFraction(delay, 1, WeChatEmulatorEndpoint.MsgSecCheck);
            server.Emulator.FailFraction(delay, 1, WeChatEmulatorEndpoint.ImgSecCheck);
        }

        return server;
    }
}
