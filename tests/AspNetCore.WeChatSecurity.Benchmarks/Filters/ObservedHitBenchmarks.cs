using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Testing;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// A cache hit as the filters answer it, with the library's meter collected by OpenTelemetry's SDK (as an app exporting
/// its metrics does) and without a listener. Collected, a hit adds one to its check's slot, which the SDK reads when it
/// collects (when the hit recorded two plain counters, the SDK aggregated each on the request's thread). Each case runs
/// in its own process, so that the listener of one cannot enable the other's instruments.
/// </summary>
[MemoryDiagnoser]
public class ObservedHitBenchmarks
{
    private const string Text = "这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！";

    private readonly DefaultHttpContext _httpContext = new();
    private readonly List<Metric> _exported = [];
    private ServiceProvider? _services;
    private WeChatCheckRunner? _runner;
    private MeterProvider? _meterProvider;

    /// <summary>Whether OpenTelemetry's SDK collects the library's meter.</summary>
    [Params(false, true)]
    public bool OpenTelemetry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        if (OpenTelemetry)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(WeChatSecurityMetrics.MeterName).AddInMemoryExporter(_exported));
        }

        _services = services.BuildServiceProvider();

        // Without a host nothing starts the SDK: asking for the provider builds it and its listener.
        _meterProvider = _services.GetService<MeterProvider>();
        _runner = _services.GetRequiredService<WeChatCheckRunner>();
        _services.GetRequiredService<IWeChatContentSecurity>().CheckTextAsync(Text).AsTask().GetAwaiter().GetResult();
        if (_runner.FromMemory(_httpContext, Text, WeChatScene.Comment, out _) is null)
        {
            throw new InvalidOperationException("The text's verdict is not in memory after the warm-up check.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            // A case that claims to be collected must have exported the hits it counted.
            if (OpenTelemetry && (_meterProvider is null || !_meterProvider.ForceFlush() || !_exported.Exists(metric => metric.Name == "wechat.security.cache.hits")))
            {
                throw new InvalidOperationException("OpenTelemetry exported no cache hits: the collected case measured nothing collected.");
            }
        }
        finally
        {
            _services?.Dispose();
        }
    }

    /// <summary>What both filters call for one string: the verdict in memory, the openid resolved, the hit recorded.</summary>
    [Benchmark]
    public bool RunnerFromMemory() => _runner!.FromMemory(_httpContext, Text, WeChatScene.Comment, out _) is not null;
}
