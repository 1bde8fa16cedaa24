using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>The resizer as the application gets it from its services, without a web host.</summary>
internal sealed class ResizerHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ResizerHost(Action<WeChatSecurityOptions>? options = null, Action<SkiaSharpImageResizerOptions>? resizer = null, IDictionary<string, string?>? configuration = null)
    {
        // Configured as an application is: the WeChatSecurity section of its configuration, then code.
        var settings = new Dictionary<string, string?>
        {
            ["WeChatSecurity:AppId"] = "wx0000000000000000",
            ["WeChatSecurity:AppSecret"] = "00000000000000000000000000000000",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var root = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Configuration = root;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(root);
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddMetrics();
        services.AddWeChatContentSecurity(root).AddSkiaSharpImageResizer(resizer);
        if (options is not null)
        {
            services.Configure(options);
        }

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IServiceProvider Services => _services;

    /// <summary>The application's configuration: set a key, then <c>Reload()</c>, as a changed appsettings.json would.</summary>
    public IConfigurationRoot Configuration { get; }

    public FakeLogCollector Logs { get; } = new();

    public IWeChatImageResizer Resizer => _services.GetRequiredService<IWeChatImageResizer>();

    public void Dispose() => _services.Dispose();
}
