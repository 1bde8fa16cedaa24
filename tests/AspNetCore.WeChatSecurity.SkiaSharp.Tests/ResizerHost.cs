using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>The resizer as the application gets it from its services, without a web host.</summary>
internal sealed class ResizerHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ResizerHost(Action<WeChatSecurityOptions>? options = null, Action<SkiaSharpImageResizerOptions>? resizer = null, IDictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddMetrics();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx0000000000000000";
            o.AppSecret = "00000000000000000000000000000000";
            options?.Invoke(o);
        }).AddSkiaSharpImageResizer(resizer);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IServiceProvider Services => _services;

    public IWeChatImageResizer Resizer => _services.GetRequiredService<IWeChatImageResizer>();

    public void Dispose() => _services.Dispose();
}
