using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Api;

/// <summary>The client wired exactly as the application gets it, over a scripted WeChat and a fake clock.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public const string AppSecret = "app-secret-0123456789abcdef";

    private readonly ServiceProvider _provider;

    public ClientHarness(Action<WeChatSecurityOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddWeChatContentSecurity(options =>
        {
            options.AppId = "wx1234567890";
            options.AppSecret = AppSecret;
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(options);
        });
        collection.AddHttpClient(WeChatApiNames.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Handler);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeWeChatHandler Handler { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IWeChatApiClient Client => _provider.GetRequiredService<IWeChatApiClient>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
