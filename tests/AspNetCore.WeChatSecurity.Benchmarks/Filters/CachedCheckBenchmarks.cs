using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Verdicts;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// The cache-hit path under the filters, without HTTP, piece by piece: the text's key (its UTF-16 code units,
/// XXH3-128), the memory level's lookup, the service's text check, the runner's look in memory that the filters start
/// with, and the runner's check of one value. All of them on a text whose verdict is cached.
/// </summary>
[MemoryDiagnoser]
public class CachedCheckBenchmarks
{
    private const string Text = "这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！";

    private readonly DefaultHttpContext _httpContext = new();
    private ServiceProvider? _services;
    private IWeChatContentSecurity? _security;
    private WeChatCheckRunner? _runner;
    private WeChatEmulator? _emulator;
    private VerdictKeyFactory? _keys;
    private VerdictCache? _cache;
    private VerdictKey _key;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        _services = services.BuildServiceProvider();
        _security = _services.GetRequiredService<IWeChatContentSecurity>();
        _runner = _services.GetRequiredService<WeChatCheckRunner>();
        _emulator = _services.GetRequiredService<WeChatEmulator>();
        _keys = _services.GetRequiredService<VerdictKeyFactory>();
        _cache = _services.GetRequiredService<VerdictCache>();
        _key = _keys.ForText(Text, 1, WeChatScene.Comment, null);

        var verdict = _security.CheckTextAsync(Text).AsTask().GetAwaiter().GetResult();
        if (verdict.Suggestion != WeChatSuggestion.Pass || verdict.FromCache)
        {
            throw new InvalidOperationException("The warm-up check did not pass upstream.");
        }

        EnsureOneUpstreamCheck();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            EnsureOneUpstreamCheck();
        }
        finally
        {
            _services?.Dispose();
        }
    }

    [Benchmark]
    public UInt128 Key() => _keys!.ForText(Text, 1, WeChatScene.Comment, null).Hash;

    [Benchmark]
    public bool Lookup() => _cache!.TryGet(_key, out _);

    [Benchmark(Baseline = true)]
    public async Task<bool> CheckTextAsync() => (await _security!.CheckTextAsync(Text)).FromCache;

    /// <summary>What both filters call first for one string: the verdict in memory, the openid resolved.</summary>
    [Benchmark]
    public bool RunnerFromMemory() => _runner!.FromMemory(_httpContext, Text, WeChatScene.Comment, out _) is not null;

    [Benchmark]
    public async Task<bool> RunnerRunAsync() =>
        await _runner!.RunOneAsync(_httpContext, new CollectedValue("Comment", WeChatScene.Comment, Text, null), "Benchmark") is null;

    private void EnsureOneUpstreamCheck()
    {
        var calls = _emulator!.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        if (calls != 1)
        {
            throw new InvalidOperationException($"The emulator counted {calls} msg_sec_check calls; expected 1: a measured check missed the cache.");
        }
    }
}
