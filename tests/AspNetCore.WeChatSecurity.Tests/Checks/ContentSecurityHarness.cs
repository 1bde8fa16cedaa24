using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.DependencyInjection;
using AspNetCore.WeChatSecurity.Tests.Verdicts;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>The content pipeline as the application gets it from DI, over a fake WeChat and a fake clock.</summary>
internal sealed class ContentSecurityHarness : IDisposable
{
    public const string AppSecret = "test-app-secret";

    private readonly ServiceProvider _provider;

    public ContentSecurityHarness(
        Action<WeChatSecurityOptions>? configure = null,
        FakeTimeProvider? time = null,
        IDistributedCache? distributedCache = null,
        Action<IServiceCollection>? services = null)
    {
        Time = time ?? new FakeTimeProvider();
        var collection = new ServiceCollection();
        collection.AddOptions<WeChatSecurityOptions>().Configure(options =>
        {
            options.AppSecret = AppSecret;
            configure?.Invoke(options);
        });
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        collection.AddSingleton<IWeChatApiClient>(Api);
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddWeChatVerdicts();
        if (distributedCache is not null)
        {
            collection.AddSingleton(distributedCache);
            new WeChatSecurityBuilder(collection).AddDistributedVerdictCache();
        }

        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeWeChatApiClient Api { get; } = new();

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IWeChatContentSecurity Security => _provider.GetRequiredService<IWeChatContentSecurity>();

    public VerdictCache Cache => _provider.GetRequiredService<VerdictCache>();

    public VerdictKeyFactory Keys => _provider.GetRequiredService<VerdictKeyFactory>();

    public void Dispose()
    {
        _provider.Dispose();
        Api.Dispose();
    }
}
